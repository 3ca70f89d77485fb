package io.autobiz.approvals;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code autobiz.approvals.*}.
 *
 * @param backlogRefresh how often the backlog gauges are read from the database
 * @param tasklistUrl the Tasklist base URL put into Slack messages, e.g. {@code https://ops.example.com/camunda/app/tasklist}
 * @param slack per store: the channel its approvals are posted to and which Slack users are which of its approvers
 */
@ConfigurationProperties("autobiz.approvals")
public record ApprovalProperties(
        @DefaultValue("PT30S") Duration backlogRefresh,

        @DefaultValue("http://localhost:8080/camunda/app/tasklist/default")
        String tasklistUrl,

        Map<String, SlackApprovals> slack) {

    public ApprovalProperties {
        slack = slack == null ? Map.of() : Map.copyOf(slack);
    }

    /**
     * @param channel the Slack channel ID approvals of the store are posted to
     * @param approvers Slack user ID (e.g. {@code U024BE7LH}) to the Camunda user who decides when that Slack user
     *     clicks; a click by a Slack user not in this map is refused and recorded
     */
    public record SlackApprovals(String channel, Map<String, String> approvers) {

        public SlackApprovals {
            approvers = approvers == null ? Map.of() : Map.copyOf(approvers);
        }
    }
}
