package io.custodia.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.micrometer.observation.ObservationPredicate;

import io.custodia.simulator.faults.FaultProperties;
import io.custodia.simulator.faults.RequestFaultFilter;
import tools.jackson.databind.json.JsonMapper;

/** Wires the simulator when {@code custodia.simulator.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SimulatorProperties.class, FaultProperties.class})
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class SimulatorConfiguration {

    @Bean
    Simulator simulator(SimulatorProperties props, FaultProperties faults, JsonMapper json) {
        return new Simulator(props, json, faults);
    }

    /** 429, 5xx and latency of {@code /sim/v1} ({@code custodia.simulator.faults.*}), before any endpoint runs. */
    @Bean
    FilterRegistrationBean<RequestFaultFilter> simulatorRequestFaults(Simulator simulator) {
        FilterRegistrationBean<RequestFaultFilter> filter = new FilterRegistrationBean<>(new RequestFaultFilter(simulator.faults()));
        filter.addUrlPatterns("/sim/v1/*");
        filter.setName("simulatorRequestFaults");
        filter.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // before SimulatorRedirectFilter: faults hit downloads too
        return filter;
    }

    /**
     * The simulator stands in for OpenAI's API: its requests are not the hub's and stay out of the hub's
     * {@code http.server.requests} metrics (which would otherwise be dominated by them in a catch-up), and so do
     * Spring Security's observations of them (a timer per filter chain, authorization and authentication, several
     * per request: the simulator's part of the CPU in the ingest bench, docs/performance.md "Fifth round"). The
     * server observation starts before the request is bound to the thread, so it is recognised by its carrier; the
     * security ones by the bound request.
     */
    @Bean
    ObservationPredicate simulatorRequestsNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                ? isSimulator(request.getCarrier())
                : name.startsWith("spring.security.")
                        && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
                        && isSimulator(current.getRequest()));
    }

    private static boolean isSimulator(jakarta.servlet.http.HttpServletRequest request) {
        return request != null && request.getRequestURI().startsWith("/sim/");
    }

    /** The signed download host, ahead of every other filter (see {@link SimulatorBlobFilter}). */
    @Bean
    FilterRegistrationBean<SimulatorBlobFilter> simulatorBlobDownloads(Simulator simulator, SignedUrls signedUrls) {
        FilterRegistrationBean<SimulatorBlobFilter> filter = new FilterRegistrationBean<>(new SimulatorBlobFilter(simulator, signedUrls));
        filter.addUrlPatterns(SimulatorBlobFilter.PREFIX + "*");
        filter.setName("simulatorBlobDownloads");
        filter.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return filter;
    }

    /** The API's successful download redirects, after the request faults (see {@link SimulatorRedirectFilter}). */
    @Bean
    FilterRegistrationBean<SimulatorRedirectFilter> simulatorDownloadRedirects(Simulator simulator, SignedUrls signedUrls,
                                                                               JsonMapper json) {
        FilterRegistrationBean<SimulatorRedirectFilter> filter = new FilterRegistrationBean<>(
                new SimulatorRedirectFilter(new SimulatorResponses(simulator, signedUrls, json)));
        filter.addUrlPatterns(SimulatorRedirectFilter.PREFIX + "*");
        filter.setName("simulatorDownloadRedirects");
        filter.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return filter;
    }

    @Bean
    SignedUrls simulatorSignedUrls(SimulatorProperties props) {
        return new SignedUrls(props.signedUrlTtl());
    }
}
