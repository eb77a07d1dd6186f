package io.custodia.feeds;

import java.util.Arrays;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code bench feeds} with a Kafka broker of its own (spring-kafka-test's embedded KRaft broker, only on
 * the test classpath): {@code mvn -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.custodia.feeds.FeedBenchWithEmbeddedKafka -Dexec.args="--events=20000"}.
 */
public final class FeedBenchWithEmbeddedKafka {

    private FeedBenchWithEmbeddedKafka() {
    }

    public static void main(String[] args) {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.afterPropertiesSet();
        int code;
        try {
            String[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = "--kafka=" + kafka.getBrokersAsString();
            code = FeedBench.run(all);
        } finally {
            kafka.destroy();
        }
        System.exit(code);
    }
}
