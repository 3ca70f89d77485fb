package io.autobiz.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The golden cases the application ships: {@code golden/cases/<id>.yaml} on the classpath (in the application jar),
 * so the golden ITs and a golden run started by an administrator play the same cases.
 */
final class GoldenCases {

    static final String LOCATION = "classpath*:golden/cases/*.yaml";

    private GoldenCases() {}

    /** Every case, by id. */
    static List<GoldenCase> all() {
        List<GoldenCase> cases = new ArrayList<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                String name = file.getFilename();
                try (InputStream in = file.getInputStream()) {
                    cases.add(GoldenCase.read(name.substring(0, name.length() - ".yaml".length()), in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the golden cases", e);
        }
        cases.sort((a, b) -> a.id().compareTo(b.id()));
        return cases;
    }

    /** Whether the case counts towards the P1 golden gate (WF05–WF07), which needs more trials. */
    static boolean isP1(GoldenCase golden) {
        return List.of("WF05", "WF06", "WF07").contains(golden.workflow());
    }
}
