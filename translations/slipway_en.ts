<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Slipway::AllAccountsJob</name>
    <message numerus="yes">
        <source>%n account(s) could not be searched.</source>
        <translation>
            <numerusform>%n account could not be searched.</numerusform>
            <numerusform>%n accounts could not be searched.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::AppleWarnings</name>
    <message numerus="yes">
        <source>The provisioning profile &quot;%1&quot; expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>The provisioning profile &quot;%1&quot; expires on %2, in %n day.</numerusform>
            <numerusform>The provisioning profile &quot;%1&quot; expires on %2, in %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The app is signed with the development profile &quot;%1&quot;: it installs only on its %n registered device(s), allows debugging (get-task-allow) and cannot be uploaded to the App Store.</source>
        <translation>
            <numerusform>The app is signed with the development profile &quot;%1&quot;: it installs only on its %n registered device, allows debugging (get-task-allow) and cannot be uploaded to the App Store.</numerusform>
            <numerusform>The app is signed with the development profile &quot;%1&quot;: it installs only on its %n registered devices, allows debugging (get-task-allow) and cannot be uploaded to the App Store.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AccountsDialog</name>
    <message numerus="yes">
        <source>Connection works: %n app(s) found.</source>
        <translation>
            <numerusform>Connection works: %n app found.</numerusform>
            <numerusform>Connection works: %n apps found.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connection failed: no answer within %n second(s).</source>
        <translation>
            <numerusform>Connection failed: no answer within %n second.</numerusform>
            <numerusform>Connection failed: no answer within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AllAccountsDialog</name>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n version</numerusform>
            <numerusform>%n versions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::CompareDialog</name>
    <message numerus="yes">
        <source>%n change(s) between the two builds (highlighted).</source>
        <translation>
            <numerusform>%n change between the two builds (highlighted).</numerusform>
            <numerusform>%n changes between the two builds (highlighted).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) in what the services return.</source>
        <translation>
            <numerusform>%n difference in what the services return.</numerusform>
            <numerusform>%n differences in what the services return.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DestinationList</name>
    <message numerus="yes">
        <source>Choose one of %n matching apps</source>
        <translation>
            <numerusform>Choose the %n matching app</numerusform>
            <numerusform>Choose one of %n matching apps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DetailsPane</name>
    <message numerus="yes">
        <source>Expires in %n day(s)</source>
        <translation>
            <numerusform>Expires in %n day</numerusform>
            <numerusform>Expires in %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::MainWindow</name>
    <message numerus="yes">
        <source>%n app(s)</source>
        <translation>
            <numerusform>%n app</numerusform>
            <numerusform>%n apps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n version</numerusform>
            <numerusform>%n versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected: %1</source>
        <translation>
            <numerusform>%n selected: %1</numerusform>
            <numerusform>%n selected: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Inspection cancelled; %n file(s) not opened.</source>
        <translation>
            <numerusform>Inspection cancelled; %n file not opened.</numerusform>
            <numerusform>Inspection cancelled; %n files not opened.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Inspecting %n file(s): %1 of %2</source>
        <translation>
            <numerusform>Inspecting %n file: %1 of %2</numerusform>
            <numerusform>Inspecting %n files: %1 of %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resuming %n interrupted release(s).</source>
        <translation>
            <numerusform>Resuming %n interrupted release.</numerusform>
            <numerusform>Resuming %n interrupted releases.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::NotesEditor</name>
    <message numerus="yes">
        <source>%1: %2, %n character(s)</source>
        <translation>
            <numerusform>%1: %2, %n character</numerusform>
            <numerusform>%1: %2, %n characters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::PreflightChecklist</name>
    <message numerus="yes">
        <source>%n check(s) block publishing: fix them first.</source>
        <translation>
            <numerusform>%n check blocks publishing: fix it first.</numerusform>
            <numerusform>%n checks block publishing: fix them first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): publish anyway only with a reason.</source>
        <translation>
            <numerusform>%n warning: publish anyway only with a reason.</numerusform>
            <numerusform>%n warnings: publish anyway only with a reason.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::QaActions</name>
    <message numerus="yes">
        <source>Keep the latest how many versions? (%n version(s) now)</source>
        <translation>
            <numerusform>Keep the latest how many versions? (%n version now)</numerusform>
            <numerusform>Keep the latest how many versions? (%n versions now)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expire %n build(s) in %1: %2? Testers can no longer install them; this cannot be undone.</source>
        <translation>
            <numerusform>Expire %n build in %1: %2? Testers can no longer install it; this cannot be undone.</numerusform>
            <numerusform>Expire %n builds in %1: %2? Testers can no longer install them; this cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n version(s) from %1: %2? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n version from %1: %2? This cannot be undone.</numerusform>
            <numerusform>Delete %n versions from %1: %2? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing to clean up: %n version(s) or fewer.</source>
        <translation>
            <numerusform>Nothing to clean up: %n version or fewer.</numerusform>
            <numerusform>Nothing to clean up: %n versions or fewer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep the latest %1 and expire %n build(s) in %2: %3?</source>
        <translation>
            <numerusform>Keep the latest %1 and expire %n build in %2: %3?</numerusform>
            <numerusform>Keep the latest %1 and expire %n builds in %2: %3?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep the latest %1 and delete %n version(s) from %2: %3?</source>
        <translation>
            <numerusform>Keep the latest %1 and delete %n version from %2: %3?</numerusform>
            <numerusform>Keep the latest %1 and delete %n versions from %2: %3?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n version(s).</source>
        <translation>
            <numerusform>Deleted %n version.</numerusform>
            <numerusform>Deleted %n versions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::ReleasesModel</name>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>%n s left</numerusform>
            <numerusform>%n s left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::PackageInspector</name>
    <message numerus="yes">
        <source>%n entries are encrypted; stores and devices cannot read them.</source>
        <translation>
            <numerusform>%n entry is encrypted; stores and devices cannot read it.</numerusform>
            <numerusform>%n entries are encrypted; stores and devices cannot read them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Prune</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Steps</name>
    <message numerus="yes">
        <source>, %n s left</source>
        <translation>
            <numerusform>, %n s left</numerusform>
            <numerusform>, %n s left</numerusform>
        </translation>
    </message>
</context>
</TS>
