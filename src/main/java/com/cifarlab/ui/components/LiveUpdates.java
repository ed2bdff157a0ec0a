package com.cifarlab.ui.components;

import com.cifarlab.events.ListenerRegistration;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.shared.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.scheduling.TaskScheduler;

/**
 * The one way a view follows live data from the server (runs, lab sessions, imports). While the
 * component is attached it is subscribed; on detach the subscription goes. Each wanted event is
 * applied on the component's UI inside {@code ui.access}, and only while the component is still
 * there: an event may be on its way while the page closes. When the UI has gone (a closed tab, an
 * expired session) the subscription removes itself instead of failing at every event.
 */
public final class LiveUpdates {

    /** Where events come from: {@code runs.addListener(caller, ...)}, {@code sessions::addListener}, .... */
    @FunctionalInterface
    public interface Source<E> {
        ListenerRegistration subscribe(Consumer<E> listener);
    }

    private LiveUpdates() {
    }

    /**
     * @param wanted  checked on the delivery thread, so that events the page ignores never queue for its UI
     * @param handler applies the event to the page, with the session locked
     * @return what stops following before the component detaches (e.g. when it shows another run)
     */
    public static <E> Registration follow(Component owner, Source<E> source, Predicate<? super E> wanted,
                                          Consumer<? super E> handler) {
        return new Following<>(owner, source, wanted, handler).start();
    }

    /**
     * The delivery {@link #follow} uses, for a component that subscribes itself (to a run it
     * chooses): each wanted event is applied on {@code ui} while {@code owner} is attached.
     *
     * @param ui the owner's UI, from its attach event
     */
    public static <E> Consumer<E> onUi(Component owner, UI ui, Predicate<? super E> wanted, Consumer<? super E> handler) {
        return event -> {
            if (wanted.test(event)) {
                apply(owner, ui, () -> handler.accept(event));
            }
        };
    }

    /** @return false when the UI is gone, and no later event can reach it either */
    private static boolean apply(Component owner, UI ui, Runnable change) {
        try {
            ui.access(() -> {
                if (owner.isAttached() && !ui.isClosing()) {
                    change.run();
                }
            });
            return true;
        } catch (UIDetachedException e) {
            // The tab closed or its session expired: nobody is left to see this.
            return false;
        }
    }

    /**
     * Like {@link #follow}, for a page that reads its data again on any change of any of the
     * sources rather than applying each event: at most one {@code refresh} per {@code interval}, the
     * last change never lost, timed by {@code clock} on Spring's scheduler.
     */
    public static Registration followThrottled(Component owner, Duration interval, Clock clock, TaskScheduler scheduler,
                                               Runnable refresh, Source<?>... sources) {
        return new Throttled(owner, List.of(sources), interval, clock, scheduler, refresh).following.start();
    }

    /** Events only ask for a refresh; the throttle's refresh is delivered to the page like an event. */
    /**
     * For what changes with time rather than with an event (an estimate of when a run would start,
     * while the class's queue moves): {@code refresh} on the component's UI every {@code interval}
     * while it is attached, on Spring's scheduler.
     */
    public static Registration every(Component owner, Duration interval, TaskScheduler scheduler, Runnable refresh) {
        Object tick = new Object();
        return new Following<>(owner, listener -> {
            ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> listener.accept(tick),
                    scheduler.getClock().instant().plus(interval), interval);
            return () -> ticks.cancel(false);
        }, event -> true, event -> refresh.run()).start();
    }

    private static final class Throttled {

        private static final Object REFRESH = new Object();
        private final RefreshThrottle throttle;
        /** Set right after the throttle, whose refreshes (never before a subscription) deliver through it. */
        private Following<Object> following;

        Throttled(Component owner, List<Source<?>> sources, Duration interval, Clock clock, TaskScheduler scheduler,
                  Runnable refresh) {
            throttle = new RefreshThrottle(interval, clock,
                    (delay, task) -> scheduler.schedule(task, clock.instant().plus(delay)),
                    () -> this.following.deliver(REFRESH));
            following = new Following<>(owner, listener -> {
                List<ListenerRegistration> all = sources.stream()
                        .map(source -> source.subscribe(event -> throttle.request())).toList();
                return () -> all.forEach(ListenerRegistration::remove);
            }, event -> true, event -> refresh.run());
        }
    }

    private static final class Following<E> {

        private final Component owner;
        private final Predicate<? super E> wanted;
        private final Consumer<? super E> handler;
        private final Source<E> source;
        private volatile UI ui;
        private volatile ListenerRegistration subscription;
        private Registration onAttach;
        private Registration onDetach;

        Following(Component owner, Source<E> source, Predicate<? super E> wanted, Consumer<? super E> handler) {
            this.owner = owner;
            this.source = source;
            this.wanted = wanted;
            this.handler = handler;
        }

        Registration start() {
            onAttach = owner.addAttachListener(event -> subscribe(event.getUI()));
            onDetach = owner.addDetachListener(event -> unsubscribe());
            owner.getUI().filter(attached -> owner.isAttached()).ifPresent(this::subscribe);
            return () -> {
                onAttach.remove();
                onDetach.remove();
                unsubscribe();
            };
        }

        private synchronized void subscribe(UI attachedTo) {
            unsubscribe();
            ui = attachedTo;
            subscription = source.subscribe(event -> {
                if (wanted.test(event)) {
                    deliver(event);
                }
            });
        }

        private synchronized void unsubscribe() {
            if (subscription != null) {
                subscription.remove();
                subscription = null;
            }
        }

        void deliver(E event) {
            UI target = ui;
            if (target != null && !apply(owner, target, () -> handler.accept(event))) {
                unsubscribe();
            }
        }
    }
}
