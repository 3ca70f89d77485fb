-- What each run has consumed (INV-03): kept across job boundaries and node restarts, so a bound counts the whole run.
create table run_ledger (
    tenant_id           varchar(63)  not null,
    run_id              varchar(100) not null,
    workflow            varchar(100) not null,
    started_at          timestamp with time zone not null,
    steps               bigint       default 0 not null,
    tool_calls          bigint       default 0 not null,
    tokens              bigint       default 0 not null,
    money_at_risk_minor bigint       default 0 not null,
    recent_calls        text         not null,
    terminated_reason   varchar(60),
    config_sha256       char(64),
    created_at          timestamp with time zone default current_timestamp not null,
    updated_at          timestamp with time zone default current_timestamp not null,
    constraint pk_run_ledger primary key (tenant_id, run_id)
);

-- Money put at risk by FINANCIAL calls, per store and UTC day, against budgets.maxMoneyAtRiskPerDay.
create table tenant_money_daily (
    tenant_id           varchar(63) not null,
    money_day           date        not null,
    money_at_risk_minor bigint      default 0 not null,
    created_at          timestamp with time zone default current_timestamp not null,
    updated_at          timestamp with time zone default current_timestamp not null,
    constraint pk_tenant_money_daily primary key (tenant_id, money_day)
);
