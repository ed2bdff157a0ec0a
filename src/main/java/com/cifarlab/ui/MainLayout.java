package com.cifarlab.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import java.util.List;

/**
 * The frame around every view: the app's name, the lab's steps in a side navigation (steps that
 * are still to come are shown but cannot be opened) and the open page's heading.
 */
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final H2 heading = new H2();

    public MainLayout() {
        setPrimarySection(Section.DRAWER);
        heading.addClassName("page-heading");
        addToNavbar(new DrawerToggle(), heading);
        addToDrawer(brand(), new Scroller(new Div(
                navigation("Lab steps", LabPage.steps()),
                navigation("Your work", LabPage.others()))));
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        Component content = getContent();
        heading.setText(content == null ? "" : LabPage.shownBy(content.getClass()).map(LabPage::heading).orElse(""));
    }

    private static Header brand() {
        Icon logo = VaadinIcon.GRID_BIG.create();
        logo.addClassName("brand-logo");
        H1 name = new H1("CIFAR Lab");
        Span tagline = new Span("Neural networks on CIFAR-10");
        tagline.addClassName("brand-tagline");
        Header brand = new Header(logo, new Div(name, tagline));
        brand.addClassName("brand");
        return brand;
    }

    private static SideNav navigation(String label, List<LabPage> pages) {
        SideNav nav = new SideNav(label);
        nav.addClassName("lab-nav");
        pages.forEach(page -> nav.addItem(item(page)));
        return nav;
    }

    private static SideNavItem item(LabPage page) {
        SideNavItem item = page.view()
                .map(view -> new SideNavItem(page.navigationLabel(), view, page.icon().create()))
                .orElseGet(() -> comingSoon(page));
        item.getElement().setAttribute("data-page", page.name());
        return item;
    }

    private static SideNavItem comingSoon(LabPage page) {
        SideNavItem item = new SideNavItem(page.navigationLabel());
        item.setPrefixComponent(page.icon().create());
        Span soon = new Span("soon");
        soon.getElement().getThemeList().add("badge contrast small pill");
        item.setSuffixComponent(soon);
        item.setEnabled(false);
        item.setTooltipText(page.title() + " is coming soon");
        return item;
    }
}
