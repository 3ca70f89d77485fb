package io.autobiz.gate;

import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/**
 * The release this node runs: the Git commit it was built from, which the build writes into the jar
 * ({@code git.properties}, git-commit-id-maven-plugin) and Spring Boot reads. CI's gate evidence names the commit its
 * tests ran on, so evidence can be matched to the code it vouches for. Empty for a build made outside a Git checkout.
 */
@Component
public class Release {

    private final Optional<String> commit;

    public Release(ObjectProvider<GitProperties> git) {
        this.commit = Optional.ofNullable(git.getIfAvailable())
                .map(GitProperties::getCommitId)
                .filter(id -> !id.isBlank());
    }

    /** The full commit ID this node was built from. */
    public Optional<String> commit() {
        return commit;
    }
}
