package com.cifarlab.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.Arrays;

/**
 * The one page kit: the parts every page of the lab is made of, in the theme's look (the
 * explanation cards and empty states of Step 1), so that pages read alike, fit a projector, and a
 * new step needs no new styles.
 */
public final class StepLayout {

    private StepLayout() {
    }

    /** Page margins and a readable width (wider and centred on a projector, by the theme's {@code .lab-page}). */
    public static void page(HasStyle view) {
        view.addClassNames("lab-page", LumoUtility.Padding.Horizontal.LARGE, LumoUtility.Padding.Top.MEDIUM,
                LumoUtility.Padding.Bottom.XLARGE, LumoUtility.BoxSizing.BORDER, LumoUtility.MaxWidth.SCREEN_XLARGE);
    }

    /** The opening paragraph: what the step shows and why. */
    public static Paragraph lead(String text) {
        Paragraph lead = new Paragraph(text);
        lead.addClassName("lead");
        lead.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Top.NONE);
        return lead;
    }

    /** A page of the lab: its own class name, the common margins and width. */
    public static void page(HasStyle view, String className) {
        view.addClassName(className);
        page(view);
    }

    /** Explanation cards side by side, wrapping on narrow screens. */
    public static Div cards(Component... cards) {
        Div row = new Div(cards);
        row.addClassName("explanation-cards");
        return row;
    }

    /** One explanation: a title and a paragraph or a few. */
    public static Div card(String title, String... paragraphs) {
        Div card = new Div(new H4(title));
        Arrays.stream(paragraphs).map(Paragraph::new).forEach(card::add);
        card.addClassName("explanation-card");
        return card;
    }

    /** A card with a title above any content. */
    public static Div card(String title, Component... content) {
        Div card = new Div(new H4(title));
        card.add(content);
        card.addClassName("explanation-card");
        return card;
    }

    /** A titled part of the page with a class name of its own, for styles and tests. */
    public static Section section(String className, String title, Component... content) {
        Section section = section(title, content);
        section.addClassName(className);
        return section;
    }

    /** "1 epoch", "2 epochs": a count with its noun in the right number. */
    public static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** An empty state with a class name of its own. */
    public static Div emptyState(String className, VaadinIcon icon, String title, Component... whatToDo) {
        Div empty = emptyState(icon, title, whatToDo);
        empty.addClassName(className);
        return empty;
    }

    /** A titled part of the page, spaced from what comes before it. */
    public static Section section(String title, Component... content) {
        Section section = new Section(heading(title));
        section.add(content);
        return section;
    }

    /** A section title, with room above it. */
    public static H3 heading(String title) {
        H3 heading = new H3(title);
        heading.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.SMALL);
        return heading;
    }

    /** What a section shows while it has nothing to show: an icon, a title and what to do. */
    public static Div emptyState(VaadinIcon icon, String title, Component... whatToDo) {
        Div empty = new Div(icon.create(), new H3(title));
        empty.add(whatToDo);
        empty.addClassName("empty-state");
        return empty;
    }
}
