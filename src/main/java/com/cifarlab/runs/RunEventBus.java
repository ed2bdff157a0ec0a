package com.cifarlab.runs;

import com.cifarlab.events.ListenerRegistration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands run events to listeners without ever making the publisher wait. Each listener has its
 * own bounded mailbox, drained by one delivery task at a time on a shared pool: a slow listener
 * only delays itself, and when its mailbox is full the oldest progress events go first (a newer
 * one says more). Exceptions a listener throws are logged and forgotten.
 */
final class RunEventBus implements AutoCloseable {

    static final int MAILBOX_CAPACITY = 256;

    private static final Logger log = LoggerFactory.getLogger(RunEventBus.class);

    /**
     * Grows only while listeners are busy, and then to at most one thread per listener; idle
     * threads end after a minute. The bean's owner (Spring) shuts it down with {@link #close()}.
     */
    private final ExecutorService delivery = Executors.newCachedThreadPool(NamedThreads.factory("cifar-lab-events"));
    private final List<Mailbox> mailboxes = new CopyOnWriteArrayList<>();

    ListenerRegistration register(Predicate<RunEvent> filter, RunListener listener) {
        Mailbox mailbox = new Mailbox(filter, listener);
        mailboxes.add(mailbox);
        return () -> {
            mailbox.close();
            mailboxes.remove(mailbox);
        };
    }

    /** The listeners registered and not removed yet; a view that forgets to remove its own shows up here. */
    int listenerCount() {
        return mailboxes.size();
    }

    /** Delivers nothing more; events on their way are dropped. */
    @Override
    public void close() {
        mailboxes.forEach(Mailbox::close);
        mailboxes.clear();
        delivery.shutdownNow();
    }

    void publish(RunEvent event) {
        for (Mailbox mailbox : mailboxes) {
            mailbox.offer(event);
        }
    }

    private final class Mailbox {

        private final Predicate<RunEvent> filter;
        private final RunListener listener;
        private final ArrayDeque<RunEvent> pending = new ArrayDeque<>();
        private boolean draining;
        private boolean closed;
        private boolean failureLogged;
        private boolean overflowLogged;

        Mailbox(Predicate<RunEvent> filter, RunListener listener) {
            this.filter = filter;
            this.listener = listener;
        }

        void offer(RunEvent event) {
            if (!filter.test(event)) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (event instanceof RunEvent.Progress progress) {
                    replaceOlderProgress(progress.runId());
                }
                if (pending.size() >= MAILBOX_CAPACITY) {
                    dropOne();
                }
                pending.addLast(event);
                if (draining) {
                    return;
                }
                draining = true;
            }
            delivery.execute(this::drain);
        }

        private void replaceOlderProgress(String runId) {
            pending.removeIf(queued -> queued instanceof RunEvent.Progress older && older.runId().equals(runId));
        }

        /** Makes room, preferring to lose a progress event over a state change or an epoch. */
        private void dropOne() {
            Iterator<RunEvent> it = pending.iterator();
            while (it.hasNext()) {
                if (it.next() instanceof RunEvent.Progress) {
                    it.remove();
                    return;
                }
            }
            pending.removeFirst();
            if (!overflowLogged) {
                overflowLogged = true;
                log.warn("Run listener {} is not keeping up; its oldest events are being dropped", listener);
            }
        }

        private void drain() {
            while (true) {
                RunEvent event;
                synchronized (this) {
                    event = closed ? null : pending.pollFirst();
                    if (event == null) {
                        draining = false;
                        return;
                    }
                }
                deliver(event);
            }
        }

        private void deliver(RunEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                if (!failureLogged) {
                    failureLogged = true;
                    log.warn("Run listener {} failed; its further failures are logged at debug level", listener, e);
                } else {
                    log.debug("Run listener {} failed again", listener, e);
                }
            }
        }

        synchronized void close() {
            closed = true;
            pending.clear();
        }
    }
}
