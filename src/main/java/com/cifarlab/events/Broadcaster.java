package com.cifarlab.events;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server tells listeners that something happened (runs, lab sessions, data set
 * imports): publishing never waits for a listener. Each listener has its own bounded mailbox,
 * drained by one delivery task at a time: a slow listener only delays itself, and when its
 * mailbox is full the events the {@link Coalescing} rule calls droppable go first (a newer one
 * says more). Exceptions a listener throws are logged and forgotten.
 *
 * @param <E> the events
 */
public final class Broadcaster<E> implements AutoCloseable {

    public static final int MAILBOX_CAPACITY = 256;

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

    /** Which events a newer one makes pointless, and which may be lost when a listener falls behind. */
    public interface Coalescing<E> {

        /** Whether {@code newer} makes {@code older}, still waiting, pointless (e.g. progress of the same run). */
        boolean supersedes(E newer, E older);

        /** Whether the event may be dropped to make room. */
        boolean droppable(E event);

        static <E> Coalescing<E> none() {
            return new Coalescing<>() {
                @Override
                public boolean supersedes(E newer, E older) {
                    return false;
                }

                @Override
                public boolean droppable(E event) {
                    return false;
                }
            };
        }
    }

    private final String name;
    private final Coalescing<E> coalescing;
    /**
     * Grows only while listeners are busy, and then to at most one thread per listener; idle
     * threads end after a minute. Spring, which owns the broadcasters' beans, shuts it down.
     */
    private final ExecutorService delivery;
    private final List<Mailbox> mailboxes = new CopyOnWriteArrayList<>();

    public Broadcaster(String name, Coalescing<E> coalescing) {
        this.name = name;
        this.coalescing = coalescing;
        this.delivery = Executors.newCachedThreadPool(daemonThreads("cifar-lab-" + name + "-events"));
    }

    public static <E> Broadcaster<E> simple(String name) {
        return new Broadcaster<>(name, Coalescing.none());
    }

    /** Every event from now on, delivered asynchronously, until the registration is removed. */
    public ListenerRegistration subscribe(Consumer<? super E> listener) {
        return subscribe(event -> true, listener);
    }

    /** The events that pass {@code filter} (checked on the publisher's thread) from now on. */
    public ListenerRegistration subscribe(Predicate<? super E> filter, Consumer<? super E> listener) {
        Mailbox mailbox = new Mailbox(filter, listener);
        mailboxes.add(mailbox);
        return () -> {
            mailbox.close();
            mailboxes.remove(mailbox);
        };
    }

    /** The listeners subscribed and not removed yet; a view that forgets to remove its own shows up here. */
    public int listenerCount() {
        return mailboxes.size();
    }

    public void publish(E event) {
        for (Mailbox mailbox : mailboxes) {
            mailbox.offer(event);
        }
    }

    /** Delivers nothing more; events on their way are dropped. */
    @Override
    public void close() {
        mailboxes.forEach(Mailbox::close);
        mailboxes.clear();
        delivery.shutdownNow();
    }

    @Override
    public String toString() {
        return "the " + name + " events";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class Mailbox {

        private final Predicate<? super E> filter;
        private final Consumer<? super E> listener;
        private final ArrayDeque<E> pending = new ArrayDeque<>();
        private boolean draining;
        private boolean closed;
        private boolean failureLogged;
        private boolean overflowLogged;

        Mailbox(Predicate<? super E> filter, Consumer<? super E> listener) {
            this.filter = filter;
            this.listener = listener;
        }

        void offer(E event) {
            if (!filter.test(event)) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                pending.removeIf(older -> coalescing.supersedes(event, older));
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

        /** Makes room, preferring to lose a droppable event over any other. */
        private void dropOne() {
            Iterator<E> it = pending.iterator();
            while (it.hasNext()) {
                if (coalescing.droppable(it.next())) {
                    it.remove();
                    return;
                }
            }
            pending.removeFirst();
            if (!overflowLogged) {
                overflowLogged = true;
                log.warn("A listener of {} is not keeping up; its oldest events are being dropped", name);
            }
        }

        private void drain() {
            while (true) {
                E event;
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

        private void deliver(E event) {
            try {
                listener.accept(event);
            } catch (RuntimeException | LinkageError e) {
                if (!failureLogged) {
                    failureLogged = true;
                    log.warn("A listener of {} failed; its further failures are logged at debug level", name, e);
                } else {
                    log.debug("A listener of {} failed again", name, e);
                }
            }
        }

        synchronized void close() {
            closed = true;
            pending.clear();
        }
    }
}
