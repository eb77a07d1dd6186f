package io.custodia.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Users and demo mode ({@code custodia.security.*}).
 *
 * @param demo  creates the demo user {@code admin}/{@code admin} with every role; never in production
 * @param users configured users: password in Spring's encoded form ({@code {bcrypt}…}), roles from {@link Roles}
 */
@ConfigurationProperties("custodia.security")
public record SecurityProperties(boolean demo, List<User> users) {

    public SecurityProperties {
        users = users != null ? users : List.of();
    }

    public record User(String username, String password, List<String> roles) {
        @Override
        public String toString() {
            return "User[" + username + ", roles=" + roles + "]";
        }
    }
}
