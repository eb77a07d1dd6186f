package io.custodia.feeds;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Feed settings and the helpers the feed routes refer to by name. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedProperties.class)
class FeedConfiguration {

    /** camel-http header filter of the feed routes ({@code headerFilterStrategy=#feedHttpHeaders}). */
    @Bean("feedHttpHeaders")
    FeedHttpHeaders feedHttpHeaders() {
        return new FeedHttpHeaders();
    }
}
