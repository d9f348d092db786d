package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.core.LifecycleService;
import java.util.UUID;

/**
 * A lifecycle listener that lets go of itself once its member has shut down. Hazelcast keeps a
 * stopped instance reachable (a thread that ran one of its operations keeps it in a thread
 * local, for as long as that thread lives) and with it every lifecycle listener still
 * registered, so a listener left in place would keep its replica, and through its callbacks the
 * whole node, after the node has closed. The listener hears {@code SHUTDOWN} and is removed
 * right after; it is removed through the service it was added to, since a stopped instance's
 * proxy no longer hands out the real one.
 */
final class LifecycleListening implements LifecycleListener {
    private final LifecycleService service;
    private volatile LifecycleListener listener;
    private volatile UUID registration;

    private LifecycleListening(LifecycleService service, LifecycleListener listener) {
        this.service = service;
        this.listener = listener;
    }

    /** Adds {@code listener} to {@code hazelcast}'s lifecycle until the member has shut down. */
    static void untilShutdown(HazelcastInstance hazelcast, LifecycleListener listener) {
        var listening = new LifecycleListening(hazelcast.getLifecycleService(), listener);
        listening.registration = listening.service.addLifecycleListener(listening);
        if (!listening.service.isRunning()) {
            listening.release();
        }
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        var current = listener;
        if (current != null) {
            current.stateChanged(event);
        }
        if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
            release();
        }
    }

    private void release() {
        listener = null;
        var id = registration;
        if (id != null) {
            service.removeLifecycleListener(id);
        }
    }
}
