package com.cifarlab.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.Arrays;

/**
 * The common frame of a step's page: a readable width with room around it, plus the pieces every
 * step is built from (an opening explanation, explanation cards, sections, an empty state), so the
 * steps look alike without each writing its own styles.
 */
public abstract class StepPage extends Div {

    protected StepPage(String className) {
        addClassNames(className, "step-page", LumoUtility.MaxWidth.SCREEN_XLARGE,
                LumoUtility.Padding.Horizontal.LARGE, LumoUtility.Padding.Top.MEDIUM, LumoUtility.Padding.Bottom.XLARGE,
                LumoUtility.BoxSizing.BORDER);
    }

    /** The opening explanation of what the step shows and why. */
    public static Paragraph lead(String text) {
        Paragraph lead = new Paragraph(text);
        lead.addClassNames("lead", LumoUtility.FontSize.LARGE, LumoUtility.Margin.Top.NONE);
        return lead;
    }

    /** Cards side by side, as many as fit the width. */
    public static Div cards(Component... cards) {
        Div row = new Div(cards);
        row.addClassName("explanation-cards");
        return row;
    }

    /** A card with a title and one or more paragraphs. */
    public static Div card(String title, String... paragraphs) {
        return card(title, Arrays.stream(paragraphs).map(Paragraph::new).toArray(Component[]::new));
    }

    /** A card with a title above any content. */
    public static Div card(String title, Component... content) {
        Div card = new Div(new H4(title));
        card.add(content);
        card.addClassName("explanation-card");
        return card;
    }

    /** A titled part of the page. */
    public static Section section(String className, String title, Component... content) {
        H3 heading = new H3(title);
        heading.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.XSMALL);
        Section section = new Section(heading);
        section.add(content);
        section.addClassName(className);
        return section;
    }

    /** "1 epoch", "2 epochs": a count with its noun in the right number. */
    public static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** What the page shows when there is nothing yet, saying what to do. */
    public static Div emptyState(String className, VaadinIcon icon, String title, Component... content) {
        Div empty = new Div(icon.create(), new H3(title));
        empty.add(content);
        empty.addClassNames("empty-state", className);
        return empty;
    }
}
