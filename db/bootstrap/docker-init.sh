#!/bin/sh
# PostgreSQL container init (docker-compose.yml): creates the AutoBiz roles and database from the environment.
set -eu
: "${AUTOBIZ_DB_OWNER_PASSWORD:?set AUTOBIZ_DB_OWNER_PASSWORD (see .env.example)}"
: "${AUTOBIZ_DB_APP_PASSWORD:?set AUTOBIZ_DB_APP_PASSWORD (see .env.example)}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="'$AUTOBIZ_DB_OWNER_PASSWORD'" \
  -v app_password="'$AUTOBIZ_DB_APP_PASSWORD'" \
  -f /autobiz/postgresql-roles.sql
