package io.custodia.ingest.remote;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;

import io.custodia.ingest.IngestJobConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote partitioning of the ingest job ({@link RemotePartitioningProperties}): a <em>manager</em> node's
 * {@code ingest-events} step splits the run by custodian and sends one request per partition to a RabbitMQ
 * queue ({@link MessageChannelPartitionHandler} → Spring Integration AMQP outbound adapter); every
 * <em>worker</em> node consumes the queue and runs the same worker step
 * ({@link IngestJobConfiguration#WORKER_STEP}) through {@link StepExecutionRequestHandler}. Nothing else
 * travels between nodes: a request names a step execution, the data (staged files, uploaded files) and the
 * partition's state are in the shared MariaDB, and the manager learns that partitions finished by polling
 * the job repository, so a lost reply cannot hang a run.
 * <p>
 * A request is acknowledged when its partition has run: a worker that dies mid-partition leaves it
 * unacknowledged, RabbitMQ gives it to another worker, which carries on from the partition's last committed
 * chunk (the reader's position is in the step execution context) — writes are idempotent by natural keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RemotePartitioningProperties.class)
public class RemotePartitioningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitioningConfiguration.class);

    /** The broker connection and the queue, on any node that is a manager or a worker. */
    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    @org.springframework.context.annotation.Conditional(RemotePartitioningEnabled.class)
    static class Broker {

        @Bean(destroyMethod = "destroy")
        CachingConnectionFactory ingestPartitionsConnectionFactory(RemotePartitioningProperties props) {
            CachingConnectionFactory cf = new CachingConnectionFactory(URI.create(props.brokerUrl()));
            log.info("ingest remote partitioning: {}{} over {} queue {}", props.manager() ? "manager " : "",
                    props.worker() ? "worker (" + props.consumers() + " consumers)" : "", props.safeBrokerUrl(), props.queue());
            return cf;
        }

        @Bean
        Queue ingestPartitionsQueue(RemotePartitioningProperties props) {
            return new Queue(props.queue(), true);
        }

        @Bean
        RabbitAdmin ingestPartitionsAdmin(@Qualifier("ingestPartitionsConnectionFactory") CachingConnectionFactory cf) {
            return new RabbitAdmin(cf); // declares the queue when the first connection opens
        }

        @Bean
        PartitionRequestCodec partitionRequestCodec(JsonMapper json) {
            return new PartitionRequestCodec(json);
        }
    }

    /** The manager side: partitions go to the queue, their outcome is read from the job repository. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("custodia.ingest.remote.manager")
    static class Manager {

        @Bean
        DirectChannel ingestPartitionRequests() {
            return new DirectChannel();
        }

        @Bean
        IntegrationFlow ingestPartitionRequestsToBroker(DirectChannel ingestPartitionRequests, PartitionRequestCodec codec,
                                                        @Qualifier("ingestPartitionsConnectionFactory") CachingConnectionFactory cf,
                                                        RemotePartitioningProperties props) {
            RabbitTemplate rabbit = new RabbitTemplate(cf);
            return IntegrationFlow.from(ingestPartitionRequests)
                    .transform(StepExecutionRequest.class, codec::encode)
                    .handle(Amqp.outboundAdapter(rabbit).routingKey(props.queue()))
                    .get();
        }

        @Bean("ingestPartitionHandler")
        PartitionHandler ingestPartitionHandler(DirectChannel ingestPartitionRequests, JobRepository jobRepository,
                                                RemotePartitioningProperties props) {
            MessagingTemplate requests = new MessagingTemplate();
            requests.setDefaultChannel(ingestPartitionRequests);
            MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
            handler.setMessagingOperations(requests);
            handler.setStepName(IngestJobConfiguration.WORKER_STEP);
            handler.setGridSize(props.gridSize());
            handler.setJobRepository(jobRepository); // no reply channel: poll the repository for the partitions
            handler.setPollInterval(props.pollInterval().toMillis());
            handler.setTimeout(props.timeout().toMillis());
            return handler;
        }
    }

    /** The worker side: consume partition requests and run the worker step. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("custodia.ingest.remote.worker")
    static class Worker {

        @Bean
        StepExecutionRequestHandler ingestStepExecutionRequestHandler(JobRepository jobRepository,
                                                                      @Qualifier("ingestWorkerStep") Step ingestWorkerStep) {
            StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
            handler.setJobRepository(jobRepository);
            // the only step a request may name: a message can never make this node run anything else
            handler.setStepLocator(name -> {
                if (!ingestWorkerStep.getName().equals(name)) {
                    throw new IllegalArgumentException("partition request for step " + name + ": this worker runs only "
                            + ingestWorkerStep.getName());
                }
                return ingestWorkerStep;
            });
            return handler;
        }

        @Bean
        IntegrationFlow ingestPartitionRequestsFromBroker(@Qualifier("ingestPartitionsConnectionFactory") CachingConnectionFactory cf,
                                                          StepExecutionRequestHandler ingestStepExecutionRequestHandler,
                                                          PartitionRequestCodec codec, RemotePartitioningProperties props,
                                                          ObjectProvider<MeterRegistry> meters) {
            return IntegrationFlow.from(Amqp.inboundAdapter(cf, props.queue())
                            .configureContainer(c -> c.concurrentConsumers(props.consumers()).prefetchCount(1)
                                    // a request that cannot even be read is logged and dropped, never redelivered forever
                                    .defaultRequeueRejected(false)))
                    .transform(String.class, codec::decode)
                    .handle(StepExecutionRequest.class, (request, headers) -> {
                        var execution = ingestStepExecutionRequestHandler.handle(request);
                        log.info("ingest partition {} ran here: {} ({} written)", execution.getStepName(),
                                execution.getStatus(), execution.getWriteCount());
                        meters.ifAvailable(m -> m.counter("custodia.ingest.remote.partitions",
                                "outcome", execution.getStatus().name()).increment());
                        return null; // the manager reads the outcome from the job repository
                    })
                    .get();
        }
    }
}
