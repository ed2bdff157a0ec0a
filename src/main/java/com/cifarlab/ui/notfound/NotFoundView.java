package com.cifarlab.ui.notfound;

import com.cifarlab.ui.MainLayout;
import com.cifarlab.ui.components.StepLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What an unknown address shows, to anyone: a typo in a URL the instructor wrote on the board
 * should not land on the instructor's login (Vaadin's own not-found view is refused to visitors by
 * its access control, which then sends them to the login page).
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found · CIFAR Lab")
@AnonymousAllowed
public class NotFoundView extends Div implements HasErrorParameter<NotFoundException> {

    private static final int SHOWN_PATH = 80;

    private final Paragraph what = new Paragraph();

    public NotFoundView() {
        StepLayout.page(this);
        setId("not-found");
        what.setId("not-found-path");
        add(StepLayout.emptyState(VaadinIcon.QUESTION_CIRCLE_O, "Page not found", what,
                new Paragraph(new Anchor("./", "Start at Step 1, the data")),
                new Paragraph("or choose a step on the left.")));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        String path = event.getLocation().getPath();
        // Shown as text (never markup), and shortened: the address is whatever a browser sent.
        String shown = path.length() > SHOWN_PATH ? path.substring(0, SHOWN_PATH) + "…" : path;
        what.setText("There is no page at /" + shown + " in CIFAR Lab. The address may be mistyped, or the page "
                + "may have moved.");
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
