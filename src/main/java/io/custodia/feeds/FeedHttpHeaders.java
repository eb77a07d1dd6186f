package io.custodia.feeds;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Feed HTTP calls send only the headers meant for the receiver — content type, the {@code X-Custodia-*}
 * event headers and signature, and the Splunk token — never the route's own {@code Custodia*} state.
 */
public class FeedHttpHeaders extends DefaultHeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean allowed = n.equals("content-type") || n.equals("authorization") || n.startsWith("x-custodia-")
                || n.startsWith("x-splunk-");
        return !allowed;
    }
}
