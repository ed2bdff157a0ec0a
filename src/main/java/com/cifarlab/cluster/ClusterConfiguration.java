package com.cifarlab.cluster;

import com.cifarlab.runs.RunService;
import com.cifarlab.training.Trainer;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The grid and the node admissions, only with {@code cifar-lab.cluster.enabled=true}: by default
 * the dashboard opens no port beyond its web port and trains everything itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cifar-lab.cluster.enabled", havingValue = "true")
class ClusterConfiguration {

    @Bean(destroyMethod = "shutdown")
    HazelcastInstance clusterGrid(ClusterProperties settings) {
        return Hazelcast.newHazelcastInstance(Grid.member(settings));
    }

    @Bean
    TrainingNodes trainingNodes(HazelcastInstance clusterGrid, RunService runs, ObjectProvider<Trainer> trainer,
                                ObjectProvider<Clock> clock) {
        Trainer own = trainer.getObject();
        return new TrainingNodes(clusterGrid, runs, own::identity, clock.getIfAvailable(Clock::systemUTC));
    }
}
