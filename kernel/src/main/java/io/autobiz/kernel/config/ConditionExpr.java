package io.autobiz.kernel.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * A condition of a HITL rule, such as {@code amount > 5000 || order.customer.orderCount < 2}, evaluated over the
 * facts of one call by Apache Commons JEXL with everything but expressions switched off: no assignments, loops,
 * method calls, object creation, lambdas or pragmas, so a condition can read facts and compare them, nothing else.
 * Strict: an unknown fact or a non-boolean result is an error, never a silent false.
 */
public final class ConditionExpr {

    private static final JexlFeatures EXPRESSIONS_ONLY = new JexlFeatures()
            .sideEffect(false)
            .sideEffectGlobal(false)
            .loops(false)
            .lambda(false)
            .fatArrow(false)
            .thinArrow(false)
            .methodCall(false)
            .newInstance(false)
            .annotation(false)
            .pragma(false)
            .pragmaAnywhere(false)
            .importPragma(false)
            .namespacePragma(false)
            .localVar(false)
            .register(false)
            .script(false);

    private static final JexlEngine JEXL = new JexlBuilder()
            .features(EXPRESSIONS_ONLY)
            .permissions(JexlPermissions.RESTRICTED)
            .strict(true)
            .safe(false)
            .silent(false)
            .cache(512)
            .create();

    private final String text;
    private final JexlExpression expression;

    private ConditionExpr(String text, JexlExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Compiles a condition; an expression that is malformed or uses a forbidden construct is refused here. */
    public static ConditionExpr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCondition("a condition cannot be empty");
        }
        try {
            return new ConditionExpr(text, JEXL.createExpression(text));
        } catch (JexlException e) {
            throw new InvalidCondition("'" + text + "' is not a valid condition: " + e.getMessage());
        }
    }

    /** True or false for these facts; an unknown fact or a result that is not a boolean is an error. */
    public boolean test(Map<String, Object> facts) {
        Object result;
        try {
            result = expression.evaluate(new MapContext(new HashMap<>(facts)));
        } catch (JexlException e) {
            throw new InvalidCondition("'" + text + "' cannot be evaluated: " + e.getMessage());
        }
        if (!(result instanceof Boolean answer)) {
            throw new InvalidCondition("'" + text + "' does not evaluate to true or false");
        }
        return answer;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A condition that cannot be compiled or evaluated. */
    public static final class InvalidCondition extends RuntimeException {
        public InvalidCondition(String message) {
            super(message);
        }
    }
}
