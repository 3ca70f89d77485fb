package io.autobiz;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan("io.autobiz")
public class AutoBizApplication {

    public static void main(String[] args) {
        SpringApplication.run(AutoBizApplication.class, args);
    }
}
