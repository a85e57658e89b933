package dev.accounts.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.quarkus.caffeine.runtime.graal.CacheConstructorsFeature;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The native executable answered 500 on every throttled endpoint: Caffeine found the classes of the
 * throttle's cache shape by name, and nothing had registered them. This runs on the JVM, without a
 * native build: it makes the cache as {@link ClientThrottle} does, asks it which generated classes it
 * really uses, and checks each is registered, by Quarkus's Caffeine feature or by ClientThrottle itself.
 */
class ClientThrottleNativeTest {

    @Test
    void theGeneratedClassesOfTheThrottleCacheAreRegisteredForTheNativeImage() throws Exception {
        Cache<String, Bucket> cache = ClientThrottle.newBucketMap(10);
        cache.put("192.0.2.1", Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofMinutes(1)).build())
                .build());

        Object localCache = field(cache, "cache");
        Object node = ((Map<?, ?>) field(localCache, "data")).values().iterator().next();
        List<String> used = List.of(localCache.getClass().getName(), node.getClass().getName());

        Set<String> registered = new LinkedHashSet<>(List.of(CacheConstructorsFeature.typesNeedingConstructorsRegistered()));
        registered.addAll(List.of(ClientThrottle.class.getAnnotation(RegisterForReflection.class).classNames()));
        assertThat(used, everyItem(startsWith("com.github.benmanes.caffeine.cache.")));
        assertThat(registered, hasItems(used.toArray(String[]::new)));
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name + " in " + target.getClass());
    }
}
