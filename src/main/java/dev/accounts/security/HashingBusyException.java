package dev.accounts.security;

/** Every password-hashing thread is busy and the queue is full: the caller should retry shortly. */
public class HashingBusyException extends RuntimeException {

    public HashingBusyException() {
        super("password hashing capacity exhausted", null, false, false);
    }
}
