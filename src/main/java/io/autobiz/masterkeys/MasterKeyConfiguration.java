package io.autobiz.masterkeys;

import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link KeyRing} and {@link SecretBox} of the application. Whatever encrypts at rest (credentials, receipt
 * fields) takes these beans, so one master key rotation covers all of it.
 */
@Configuration(proxyBeanMethods = false)
public class MasterKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyConfiguration.class);

    @Bean
    KeyRing masterKeys(MasterKeyProperties properties, Environment environment) {
        KeyRing keys = MasterKeys.load(properties, environment.matchesProfiles("quickstart"));
        log.info("master keys loaded: {}", keys);
        return keys;
    }

    @Bean
    SecretBox secretBox(KeyRing masterKeys) {
        return new SecretBox(masterKeys);
    }
}
