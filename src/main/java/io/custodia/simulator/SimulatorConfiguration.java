package io.custodia.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** Wires the simulator when {@code custodia.simulator.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorProperties.class)
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class SimulatorConfiguration {

    @Bean
    Simulator simulator(SimulatorProperties props, JsonMapper json) {
        return new Simulator(props, json);
    }

    @Bean
    SignedUrls simulatorSignedUrls(SimulatorProperties props) {
        return new SignedUrls(props.signedUrlTtl());
    }
}
