package io.custodia.classify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ExtractionProperties.class, ClassificationProperties.class})
class ClassifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClassifyConfiguration.class);

    /** A bad catalogue stops the start with the loader's message (file, SIT id, field). */
    @Bean
    SitEngine sitEngine(ClassificationProperties props) {
        SitCatalog catalog = CatalogLoader.load(props.catalog());
        log.info("SIT catalogue {}: {} sensitive information types", catalog.source(), catalog.sits().size());
        return new SitEngine(catalog);
    }

    @Bean
    ContentClassifier contentClassifier(SitEngine engine) {
        return new ContentClassifier(engine);
    }
}
