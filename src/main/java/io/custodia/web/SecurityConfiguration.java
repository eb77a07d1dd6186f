package io.custodia.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic and form login over configured users; the demo user exists only in demo mode. The
 * simulator ({@code /sim/**}) checks its own bearer keys, like the real API; health is public.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The simulator stands in for OpenAI's API and checks its own bearer keys: none of the hub's session,
     * security-context, request-cache, CSRF or login filters apply to it. A chain of its own keeps them (and
     * their observations) off its requests, which the ingest bench sends by the ten thousand.
     */
    @Bean
    @Order(1)
    SecurityFilterChain simulatorFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/sim/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .securityContext(c -> c.disable())
                .sessionManagement(c -> c.disable())
                .anonymous(c -> c.disable())
                .logout(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole(Roles.OPERATOR, Roles.COMPLIANCE_ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**"));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(SecurityProperties props, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        for (SecurityProperties.User u : props.users()) {
            if (u.username() == null || u.password() == null) {
                throw new IllegalArgumentException("custodia.security.users[] needs username and password");
            }
            List<String> roles = u.roles() == null ? List.of() : u.roles();
            for (String r : roles) {
                if (!Roles.ALL.contains(r)) {
                    throw new IllegalArgumentException("custodia.security.users[" + u.username() + "]: unknown role " + r
                            + "; known roles: " + Roles.ALL);
                }
            }
            users.add(User.withUsername(u.username()).password(u.password()).roles(roles.toArray(String[]::new)).build());
        }
        if (props.demo()) {
            log.warn("Demo mode: user 'admin' with password 'admin' has every role. Set custodia.security.demo=false "
                    + "and configure custodia.security.users for any real deployment.");
            users.add(User.withUsername("admin").password(encoder.encode("admin"))
                    .roles(Roles.ALL.toArray(String[]::new)).build());
        }
        if (users.isEmpty()) {
            log.warn("No users configured (custodia.security.users) and demo mode is off: the API accepts nobody.");
        }
        return new InMemoryUserDetailsManager(users);
    }
}
