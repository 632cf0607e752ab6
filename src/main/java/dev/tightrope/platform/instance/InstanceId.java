package dev.tightrope.platform.instance;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** This process's identity among the instances sharing one database (random per start). */
@ApplicationScoped
public class InstanceId {

    private final String value = UUID.randomUUID().toString();

    public String value() {
        return value;
    }
}
