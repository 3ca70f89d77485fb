package io.autobiz.workflows.llm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * {@code ${messageScope}}: what WF05 may answer automatically is one order of the sender's, named in the message. The
 * customer's message is data, and it may be an injection: a message that names several orders, carries someone
 * else's address, or whose order number the model did not read from the message itself, goes to a person. Read
 * without the model, from the message as it came.
 */
public class MessageScope {

    /** {@code #1001}, {@code order 1001}, {@code order no. 1001}, {@code Bestellung 1001}: what names an order. */
    private static final Pattern ORDER_REFERENCE = Pattern.compile(
            "(?:#\\s?|\\b(?:order|bestellung|commande|pedido|ordine)\\s*(?:no\\.?|nr\\.?|number|n°|#)?\\s*)(\\d{3,20})\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.\\p{L}{2,}");

    /** Sets {@code messageFindings}: empty when the message is one order of the sender's, else why not. */
    public void record(DelegateExecution execution) {
        List<String> findings = findings(
                String.valueOf(execution.getVariable("customerMessage")),
                String.valueOf(execution.getVariable("customerEmail")),
                execution.getVariable("orderName") == null
                        ? ""
                        : execution.getVariable("orderName").toString());
        execution.setVariable("messageFindings", String.join("; ", findings));
    }

    static List<String> findings(String message, String sender, String orderName) {
        List<String> findings = new ArrayList<>();
        Set<String> orders = new LinkedHashSet<>();
        Matcher references = ORDER_REFERENCE.matcher(message);
        while (references.find()) {
            orders.add(references.group(1).replaceFirst("^0+(?=.)", ""));
        }
        if (orders.size() > 1) {
            findings.add("the message names " + orders.size() + " orders");
        }
        String wanted = orderName.strip().replaceFirst("^#", "").replaceFirst("^0+(?=.)", "");
        if (!wanted.isEmpty()
                && !orders.contains(wanted)
                && !Pattern.compile("\\b0*" + Pattern.quote(wanted) + "\\b")
                        .matcher(message)
                        .find()) {
            findings.add("the order number read by the model is not in the message");
        }
        Matcher addresses = EMAIL.matcher(message);
        while (addresses.find()) {
            if (!addresses
                    .group()
                    .toLowerCase(Locale.ROOT)
                    .equals(sender.strip().toLowerCase(Locale.ROOT))) {
                findings.add("the message carries an e-mail address other than the sender's");
                break;
            }
        }
        return findings;
    }
}
