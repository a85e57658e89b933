package dev.accounts.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * The answer is held back until a minimum time after the request arrived, so that how long the work took
 * (a mail queued for an account, nothing for an unknown address) does not tell which addresses have
 * accounts. Put it on resource methods, outside any transaction: they run on virtual threads, so the
 * wait holds no connection and no platform thread ({@link MinResponseTimeInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface MinResponseTime {

    /** The configuration property (a Duration) that holds the minimum time. */
    @Nonbinding
    String value();
}
