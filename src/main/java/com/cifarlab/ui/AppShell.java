package com.cifarlab.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.Theme;

/**
 * The page shell of every view. Server push is on because training steps stream live charts to
 * the browser; the theme is Lumo with the lab's few additions (frontend/themes/cifar-lab).
 */
@Push
@Theme("cifar-lab")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addMetaTag("description", "CIFAR Lab: a class works through the CIFAR-10 neural-networks lab together.");
        // Served from META-INF/resources/icons, which Vaadin's security lets every visitor fetch.
        settings.addFavIcon("icon", "icons/favicon.svg", "any");
    }
}
