<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Connected accounts. Secrets are kept only in the OS keychain.</source>
        <translation>Verbundene Konten. Geheimnisse liegen nur im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. mxr-production</source>
        <translation>z. B. mxr-produktion</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>S&amp;ervice:</source>
        <translation>&amp;Dienst:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Slipway</source>
        <translation>Slipway</translation>
    </message>
    <message>
        <source>Filter apps</source>
        <translation>Apps filtern</translation>
    </message>
    <message>
        <source>Accounts and apps</source>
        <translation>Konten und Apps</translation>
    </message>
    <message>
        <source>Drop a package anywhere to inspect and publish it</source>
        <translation>Ein Paket irgendwo ablegen, um es zu prüfen und zu veröffentlichen</translation>
    </message>
    <message>
        <source>Search versions</source>
        <translation>Versionen durchsuchen</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>Paket ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Delete Version…</source>
        <translation>Version &amp;löschen…</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>&amp;Copy Version Details</source>
        <translation>Versionsdetails &amp;kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Konten…</translation>
    </message>
    <message>
        <source>&amp;About Slipway</source>
        <translation>Ü&amp;ber Slipway</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish Version</source>
        <translation>Version veröffentlichen</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Version &amp;name:</source>
        <translation>Versions&amp;name:</translation>
    </message>
    <message>
        <source>Version &amp;code:</source>
        <translation>Versions&amp;code:</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>&amp;Kennzeichnung:</translation>
    </message>
    <message>
        <source>Optional: tells apart builds with the same version code</source>
        <translation>Optional: unterscheidet Builds mit demselben Versionscode</translation>
    </message>
    <message>
        <source>P&amp;revious</source>
        <translation>Vo&amp;rherige</translation>
    </message>
    <message>
        <source>Previous package</source>
        <translation>Vorheriges Paket</translation>
    </message>
    <message>
        <source>Ne&amp;xt</source>
        <translation>Nächst&amp;e</translation>
    </message>
    <message>
        <source>Next package</source>
        <translation>Nächstes Paket</translation>
    </message>
    <message>
        <source>Publish options</source>
        <translation>Veröffentlichungsoptionen</translation>
    </message>
    <message>
        <source>Release no&amp;tes (Markdown, preview on the right):</source>
        <translation>Versions&amp;hinweise (Markdown, Vorschau rechts):</translation>
    </message>
    <message>
        <source>&amp;Destinations</source>
        <translation>&amp;Ziele</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>noch %1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s left</source>
        <translation>noch %1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>noch %1 h %2 min</translation>
    </message>
    <message>
        <source>Open Package</source>
        <translation>Paket öffnen</translation>
    </message>
    <message>
        <source>Packages (*.apk *.aab *.ipa *.obb *.zip *.appx *.msix *.appxbundle *.mobileprovision);;All files (*)</source>
        <translation>Pakete (*.apk *.aab *.ipa *.obb *.zip *.appx *.msix *.appxbundle *.mobileprovision);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AccountStateDelegate</name>
    <message>
        <source>%1 (connecting…)</source>
        <translation>%1 (verbinde…)</translation>
    </message>
    <message>
        <source>%1 (error)</source>
        <translation>%1 (Fehler)</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AccountsDialog</name>
    <message>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <source>https://… (required: this service has no public default)</source>
        <translation>https://… (erforderlich: dieser Dienst hat keine öffentliche Vorgabe)</translation>
    </message>
    <message>
        <source>Kept only in the OS keychain</source>
        <translation>Nur im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>Load %1…</source>
        <translation>%1 laden…</translation>
    </message>
    <message>
        <source>Read the %1 from a file instead of pasting it</source>
        <translation>%1 aus einer Datei lesen statt einzufügen</translation>
    </message>
    <message>
        <source>;;All files (*)</source>
        <translation>;;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>%1 konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 loaded</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Ordner wählen</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>%1 (optional):</source>
        <translation>%1 (optional):</translation>
    </message>
    <message>
        <source>Account “%1”</source>
        <translation>Konto „%1“</translation>
    </message>
    <message>
        <source>This account&apos;s service (%1) is unknown to this build.</source>
        <translation>Der Dienst dieses Kontos (%1) ist dieser Version unbekannt.</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Unbekannt: %1</translation>
    </message>
    <message>
        <source>Not stored: enter it</source>
        <translation>Nicht gespeichert: bitte eingeben</translation>
    </message>
    <message>
        <source>Kept for this run only: leave empty to keep</source>
        <translation>Nur für diese Sitzung gespeichert: leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <source>Stored in the keychain: leave empty to keep</source>
        <translation>Im Schlüsselbund gespeichert: leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Saved. The secret is kept in memory for this run only: enter it again the next time Slipway starts.</source>
        <translation>Gespeichert. Das Geheimnis bleibt nur für diese Sitzung im Speicher: beim nächsten Start von Slipway erneut eingeben.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Keyring unavailable</source>
        <translation>Schlüsselbund nicht verfügbar</translation>
    </message>
    <message>
        <source>%1

Keep the secret in memory for this run only? Nothing is written to disk; you will need to enter it again the next time Slipway starts.</source>
        <translation>%1

Das Geheimnis nur für diese Sitzung im Speicher behalten? Nichts wird auf die Festplatte geschrieben; beim nächsten Start von Slipway muss es erneut eingegeben werden.</translation>
    </message>
    <message>
        <source>Keep for this run only</source>
        <translation>Nur für diese Sitzung behalten</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>Das Konto „%1“ und seine Geheimnisse aus dem Schlüsselbund entfernen?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Removed “%1” and its keychain entries.</source>
        <translation>„%1“ und seine Schlüsselbundeinträge wurden entfernt.</translation>
    </message>
    <message>
        <source>Save the account first, then test its connection.</source>
        <translation>Zuerst das Konto speichern, dann seine Verbindung testen.</translation>
    </message>
    <message>
        <source>Slipway cannot connect to %1 yet: this build has no provider for that service, so the connection cannot be tested.</source>
        <translation>Slipway kann sich noch nicht mit %1 verbinden: diese Version hat keinen Anbieter für diesen Dienst, daher kann die Verbindung nicht getestet werden.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <source>Connection works: %n app(s) found.</source>
        <translation>
            <numerusform>Verbindung funktioniert: %n App gefunden.</numerusform>
            <numerusform>Verbindung funktioniert: %n Apps gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AllAccountsDialog</name>
    <message>
        <source>All Accounts</source>
        <translation>Alle Konten</translation>
    </message>
    <message>
        <source>Package or bundle id, e.g. com.example.app</source>
        <translation>Paket- oder Bundle-ID, z. B. com.example.app</translation>
    </message>
    <message>
        <source>App id</source>
        <translation>App-ID</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>App:</source>
        <translation>App:</translation>
    </message>
    <message>
        <source>Filter by account, service, version, label, state, publisher (Esc clears)</source>
        <translation>Nach Konto, Dienst, Version, Kennzeichnung, Status, Herausgeber filtern (Esc leert)</translation>
    </message>
    <message>
        <source>Filter versions</source>
        <translation>Versionen filtern</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>Searching every account for %1…</source>
        <translation>Alle Konten werden nach %1 durchsucht…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not searched: %1</source>
        <translation>Nicht durchsucht: %1</translation>
    </message>
    <message>
        <source>No account has versions of %1.</source>
        <translation>Kein Konto hat Versionen von %1.</translation>
    </message>
    <message>
        <source>No version matches “%1” (0 of %2).</source>
        <translation>Keine Version passt zu „%1“ (0 von %2).</translation>
    </message>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n Version</numerusform>
            <numerusform>%n Versionen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::CompareDialog</name>
    <message>
        <source>Compare Builds</source>
        <translation>Builds vergleichen</translation>
    </message>
    <message>
        <source>The two builds are identical.</source>
        <translation>Die beiden Builds sind identisch.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) between the two builds (highlighted).</source>
        <translation>
            <numerusform>%n Änderung zwischen den beiden Builds (hervorgehoben).</numerusform>
            <numerusform>%n Änderungen zwischen den beiden Builds (hervorgehoben).</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>signer</source>
        <translation>Signierer</translation>
    </message>
    <message>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>size: %1</source>
        <translation>Größe: %1</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DestinationList</name>
    <message>
        <source>Publish to %1</source>
        <translation>Bei %1 veröffentlichen</translation>
    </message>
    <message>
        <source>App on %1</source>
        <translation>App bei %1</translation>
    </message>
    <message>
        <source>App:</source>
        <translation>App:</translation>
    </message>
    <message>
        <source>%1 cannot publish.</source>
        <translation>%1 kann nicht veröffentlichen.</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <extracomment>%1 the field&apos;s label, %2 the account</extracomment>
        <translation>%1 für %2</translation>
    </message>
    <message>
        <source>Looking up the apps…</source>
        <translation>Apps werden gesucht…</translation>
    </message>
    <message>
        <source>The apps could not be listed: %1</source>
        <translation>Die Apps konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Choose one of %n matching apps</source>
        <translation>
            <numerusform>Die passende App auswählen (%n Treffer)</numerusform>
            <numerusform>Eine von %n passenden Apps auswählen</numerusform>
        </translation>
    </message>
    <message>
        <source>Several apps match %1: choose one.</source>
        <translation>Mehrere Apps passen zu %1: eine auswählen.</translation>
    </message>
    <message>
        <source>New app: %1</source>
        <translation>Neue App: %1</translation>
    </message>
    <message>
        <source>No app matches %1; it is created.</source>
        <translation>Keine App passt zu %1; sie wird angelegt.</translation>
    </message>
    <message>
        <source>Choose the app</source>
        <translation>App auswählen</translation>
    </message>
    <message>
        <source>No app matches %1 and this service does not create apps: choose one.</source>
        <translation>Keine App passt zu %1, und dieser Dienst legt keine Apps an: eine auswählen.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Looking up the apps of %1…</source>
        <translation>Die Apps von %1 werden gesucht…</translation>
    </message>
    <message>
        <source>Choose the app to publish to on %1.</source>
        <translation>Die App auswählen, in der bei %1 veröffentlicht wird.</translation>
    </message>
    <message>
        <source>%1 is required for %2.</source>
        <translation>%1 ist für %2 erforderlich.</translation>
    </message>
    <message>
        <source>Choose at least one destination.</source>
        <translation>Mindestens ein Ziel auswählen.</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DetailsPane</name>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Select a version to see its details, or drop a package (APK, AAB, IPA, OBB, dSYM, …) anywhere on the window to inspect and publish it.</source>
        <translation>Eine Version auswählen, um ihre Details zu sehen, oder ein Paket (APK, AAB, IPA, OBB, dSYM, …) irgendwo im Fenster ablegen, um es zu prüfen und zu veröffentlichen.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>Warnungen (%1)</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Package id</source>
        <translation>Paket-ID</translation>
    </message>
    <message>
        <source>Version name</source>
        <translation>Versionsname</translation>
    </message>
    <message>
        <source>Version code</source>
        <translation>Versionscode</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>min. %1</translation>
    </message>
    <message>
        <source>target %1</source>
        <translation>Ziel %1</translation>
    </message>
    <message>
        <source>SDK</source>
        <translation>SDK</translation>
    </message>
    <message>
        <source>Minimum OS</source>
        <translation>Mindest-OS</translation>
    </message>
    <message>
        <source>Device family</source>
        <translation>Gerätefamilie</translation>
    </message>
    <message>
        <source>Debuggable</source>
        <translation>Debugfähig</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>ABIs</source>
        <translation>ABIs</translation>
    </message>
    <message>
        <source>Architectures</source>
        <translation>Architekturen</translation>
    </message>
    <message>
        <source>Launchable activity</source>
        <translation>Startbare Activity</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>Schemata</translation>
    </message>
    <message>
        <source>unsigned</source>
        <translation>nicht signiert</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>Zertifikat-SHA-256</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Provisioning profile</source>
        <translation>Bereitstellungsprofil</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>App id</source>
        <translation>App-ID</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>all devices</source>
        <translation>alle Geräte</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>Permissions (%1)</source>
        <translation>Berechtigungen (%1)</translation>
    </message>
    <message>
        <source>dSYM %1</source>
        <translation>dSYM %1</translation>
    </message>
    <message>
        <source>UUIDs</source>
        <translation>UUIDs</translation>
    </message>
    <message>
        <source>Hashes</source>
        <translation>Prüfsummen</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>MD5</source>
        <translation>MD5</translation>
    </message>
    <message>
        <source>Version code %1</source>
        <translation>Versionscode %1</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Version id</source>
        <translation>Versions-ID</translation>
    </message>
    <message>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
    <message>
        <source>Service fields</source>
        <translation>Dienstfelder</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DropOverlay</name>
    <message>
        <source>Drop to inspect and publish</source>
        <translation>Ablegen zum Prüfen und Veröffentlichen</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::EditVersionDialog</name>
    <message>
        <source>Edit Version</source>
        <translation>Version bearbeiten</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 %2&lt;/b&gt; (code %3) on %4</source>
        <translation>&lt;b&gt;%1 %2&lt;/b&gt; (Code %3) bei %4</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Publishing in progress</source>
        <translation>Veröffentlichung läuft</translation>
    </message>
    <message>
        <source>A publish is still running. Cancel it and quit?</source>
        <translation>Eine Veröffentlichung läuft noch. Abbrechen und beenden?</translation>
    </message>
    <message>
        <source>Cancel and Quit</source>
        <translation>Abbrechen und beenden</translation>
    </message>
    <message numerus="yes">
        <source>Inspecting %n file(s)…</source>
        <translation>
            <numerusform>%n Datei wird geprüft…</numerusform>
            <numerusform>%n Dateien werden geprüft…</numerusform>
        </translation>
    </message>
    <message>
        <source>Another publish is running; wait for it or cancel it first.</source>
        <translation>Eine andere Veröffentlichung läuft; warten oder sie zuerst abbrechen.</translation>
    </message>
    <message>
        <source>Publishing %1 to %2…</source>
        <translation>%1 wird bei %2 veröffentlicht…</translation>
    </message>
    <message>
        <source>Publishing %1 was cancelled.</source>
        <translation>Die Veröffentlichung von %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Publishing %1 failed: %2</source>
        <translation>Die Veröffentlichung von %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Published %1 %2 (%3) to %4.</source>
        <translation>%1 %2 (%3) bei %4 veröffentlicht.</translation>
    </message>
    <message>
        <source>Drop a package anywhere to inspect and publish it</source>
        <translation>Ein Paket irgendwo ablegen, um es zu prüfen und zu veröffentlichen</translation>
    </message>
    <message>
        <source>%1 — select an app</source>
        <translation>%1 — eine App auswählen</translation>
    </message>
    <message>
        <source>About Slipway</source>
        <translation>Über Slipway</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Slipway %1&lt;/h3&gt;&lt;p&gt;Inspect, publish and browse app builds on every distribution service, and in a Local library on disk.&lt;/p&gt;&lt;p&gt;Local library: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Slipway %1&lt;/h3&gt;&lt;p&gt;App-Builds bei jedem Verteildienst und in einer lokalen Bibliothek auf der Festplatte prüfen, veröffentlichen und durchsuchen.&lt;/p&gt;&lt;p&gt;Lokale Bibliothek: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Edit Version…</source>
        <translation>Version &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Editing %1 %2</source>
        <translation>%1 %2 wird bearbeitet</translation>
    </message>
    <message>
        <source>Editing failed: %1</source>
        <translation>Bearbeiten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Saved %1 %2.</source>
        <translation>%1 %2 gespeichert.</translation>
    </message>
    <message>
        <source>Publishing to several destinations needs the release queue.</source>
        <translation>Die Veröffentlichung an mehrere Ziele braucht die Veröffentlichungswarteschlange.</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::MessageBar</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::NotesEditor</name>
    <message>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
    <message>
        <source>What changed in this version (Markdown)</source>
        <translation>Was sich in dieser Version geändert hat (Markdown)</translation>
    </message>
    <message>
        <source>Release notes preview</source>
        <translation>Vorschau der Versionshinweise</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Copy from pre&amp;vious version</source>
        <translation>Aus vorheriger Version &amp;übernehmen</translation>
    </message>
    <message>
        <source>Copy the notes of the previous version</source>
        <translation>Die Hinweise der vorherigen Version übernehmen</translation>
    </message>
    <message>
        <source>shown as Markdown</source>
        <translation>als Markdown angezeigt</translation>
    </message>
    <message>
        <source>shown as plain text</source>
        <translation>als reiner Text angezeigt</translation>
    </message>
    <message>
        <source>%1: %2, %3 of %4 characters</source>
        <extracomment>%1 account, %2 &quot;shown as Markdown&quot; / &quot;shown as plain text&quot;, %3 characters typed, %4 the limit</extracomment>
        <translation>%1: %2, %3 von %4 Zeichen</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %n character(s)</source>
        <translation>
            <numerusform>%1: %2, %n Zeichen</numerusform>
            <numerusform>%1: %2, %n Zeichen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::PreflightChecklist</name>
    <message>
        <source>Read each destination&apos;s versions again and re-run the checks.</source>
        <translation>Die Versionen jedes Ziels erneut lesen und die Prüfungen wiederholen.</translation>
    </message>
    <message>
        <source>Preflight checks</source>
        <translation>Vorabprüfungen</translation>
    </message>
    <message>
        <source>Publish &amp;anyway, despite the warnings</source>
        <translation>&amp;Trotz der Warnungen veröffentlichen</translation>
    </message>
    <message>
        <source>Why (kept in the release history)</source>
        <translation>Begründung (wird im Veröffentlichungsverlauf gespeichert)</translation>
    </message>
    <message>
        <source>Reason to publish despite the warnings</source>
        <translation>Grund für die Veröffentlichung trotz der Warnungen</translation>
    </message>
    <message>
        <source>Checking the destination…</source>
        <translation>Ziel wird geprüft…</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Abhilfe: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) block publishing: fix them first.</source>
        <translation>
            <numerusform>%n Prüfung blockiert die Veröffentlichung: zuerst beheben.</numerusform>
            <numerusform>%n Prüfungen blockieren die Veröffentlichung: zuerst beheben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): publish anyway only with a reason.</source>
        <translation>
            <numerusform>%n Warnung: nur mit Begründung trotzdem veröffentlichen.</numerusform>
            <numerusform>%n Warnungen: nur mit Begründung trotzdem veröffentlichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>Alle Prüfungen bestanden.</translation>
    </message>
    <message>
        <source>Check a&amp;gain</source>
        <translation>Erneut &amp;prüfen</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::PublishDialog</name>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Veröffentlichen</translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation>Dateien: %1</translation>
    </message>
    <message>
        <source>Enter a version code.</source>
        <translation>Einen Versionscode eingeben.</translation>
    </message>
    <message>
        <source>Package %1 of %2</source>
        <extracomment>&quot;1 of 3&quot;: the package group shown among those dropped together</extracomment>
        <translation>Paket %1 von %2</translation>
    </message>
    <message>
        <source>Canc&amp;el all</source>
        <translation>&amp;Alle abbrechen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel all packages</source>
        <translation>Alle Pakete abbrechen</translation>
    </message>
    <message>
        <source>An Android version code is a positive whole number, such as 42.</source>
        <translation>Ein Android-Versionscode ist eine positive ganze Zahl, etwa 42.</translation>
    </message>
    <message>
        <source>The release notes are longer than %1 takes: shorten them.</source>
        <translation>Die Versionshinweise sind länger, als %1 annimmt: bitte kürzen.</translation>
    </message>
    <message>
        <source>Copies the notes of the app&apos;s latest version.</source>
        <translation>Übernimmt die Hinweise der neuesten Version der App.</translation>
    </message>
    <message>
        <source>The app has no earlier version here.</source>
        <translation>Die App hat hier keine frühere Version.</translation>
    </message>
    <message>
        <source>The latest version has no release notes.</source>
        <translation>Die neueste Version hat keine Versionshinweise.</translation>
    </message>
    <message>
        <source>Different Version Code</source>
        <translation>Abweichender Versionscode</translation>
    </message>
    <message>
        <source>The package says version code %1, but %2 will be published. Services and devices compare the package&apos;s own code, so the two may disagree. Publish with %2?</source>
        <translation>Das Paket nennt den Versionscode %1, veröffentlicht wird aber %2. Dienste und Geräte vergleichen den Code im Paket selbst, daher können die beiden voneinander abweichen. Mit %2 veröffentlichen?</translation>
    </message>
    <message>
        <source>Publish with %1</source>
        <translation>Mit %1 veröffentlichen</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::QaActions</name>
    <message>
        <source>Save Version As</source>
        <translation>Version speichern unter</translation>
    </message>
    <message>
        <source>Compare With Package</source>
        <translation>Mit Paket vergleichen</translation>
    </message>
    <message>
        <source>Packages (*.apk *.aab *.ipa *.zip *.obb *.appx *.msix);;All files (*)</source>
        <translation>Pakete (*.apk *.aab *.ipa *.zip *.obb *.appx *.msix);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Clean Up</source>
        <translation>Aufräumen</translation>
    </message>
    <message numerus="yes">
        <source>Keep the latest how many versions? (%n version(s) now)</source>
        <translation>
            <numerusform>Wie viele der neuesten Versionen behalten? (derzeit %n Version)</numerusform>
            <numerusform>Wie viele der neuesten Versionen behalten? (derzeit %n Versionen)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>Show &amp;QR Code</source>
        <translation>&amp;QR-Code anzeigen</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Vergleichen…</translation>
    </message>
    <message>
        <source>Delete &amp;Selected Versions…</source>
        <translation>Ausgewählte Versionen &amp;löschen…</translation>
    </message>
    <message>
        <source>Clean &amp;Up…</source>
        <translation>A&amp;ufräumen…</translation>
    </message>
    <message>
        <source>&amp;All Accounts View…</source>
        <translation>&amp;Alle Konten anzeigen…</translation>
    </message>
    <message>
        <source>Ve&amp;rsions</source>
        <translation>V&amp;ersionen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 does not offer downloads.</source>
        <translation>%1 bietet keine Downloads an.</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation>Herunterladen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Saved %1 (checksum verified where the service gives one).</source>
        <translation>%1 gespeichert (Prüfsumme geprüft, sofern der Dienst eine angibt).</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Im Ordner anzeigen</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>Comparing failed: %1</source>
        <translation>Vergleichen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Delete Versions</source>
        <translation>Versionen löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n version(s) from %1: %2? This cannot be undone.</source>
        <translation>
            <numerusform>%n Version aus %1 löschen: %2? Das kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%n Versionen aus %1 löschen: %2? Das kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to clean up: %n version(s) or fewer.</source>
        <translation>
            <numerusform>Nichts aufzuräumen: %n Version oder weniger.</numerusform>
            <numerusform>Nichts aufzuräumen: %n Versionen oder weniger.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keep the latest %1 and delete %n version(s) from %2: %3?</source>
        <translation>
            <numerusform>Die neuesten %1 behalten und %n Version aus %2 löschen: %3?</numerusform>
            <numerusform>Die neuesten %1 behalten und %n Versionen aus %2 löschen: %3?</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>Wird gelöscht…</translation>
    </message>
    <message>
        <source>Deleting failed: %1</source>
        <translation>Löschen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Deleted %1 of %2 versions; %3</source>
        <translation>%1 von %2 Versionen gelöscht; %3</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n version(s).</source>
        <translation>
            <numerusform>%n Version gelöscht.</numerusform>
            <numerusform>%n Versionen gelöscht.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::QrDialog</name>
    <message>
        <source>QR Code — %1</source>
        <translation>QR-Code — %1</translation>
    </message>
    <message>
        <source>Save QR Code</source>
        <translation>QR-Code speichern</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>QR code of %1</source>
        <translation>QR-Code von %1</translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation>Bild kopieren</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Move between the panes</source>
        <translation>Zwischen den Bereichen wechseln</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <source>Move in a list</source>
        <translation>In einer Liste bewegen</translation>
    </message>
    <message>
        <source>Arrow keys, Home, End, Page Up, Page Down</source>
        <translation>Pfeiltasten, Pos1, Ende, Bild auf, Bild ab</translation>
    </message>
    <message>
        <source>Open a menu</source>
        <translation>Ein Menü öffnen</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + unterstrichener Buchstabe</translation>
    </message>
    <message>
        <source>Close a dialog or message</source>
        <translation>Einen Dialog oder eine Meldung schließen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::SingleInstance</name>
    <message>
        <source>Another Slipway window is running.</source>
        <translation>Ein anderes Slipway-Fenster läuft bereits.</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::VersionActions</name>
    <message>
        <source>Expire Build</source>
        <translation>Build ablaufen lassen</translation>
    </message>
    <message>
        <source>Expire build %1 (%2) of %3 in %4? Testers will no longer be able to install it. App Store Connect cannot delete builds: the build stays listed as expired, and this cannot be undone.</source>
        <translation>Build %1 (%2) von %3 in %4 ablaufen lassen? Tester können ihn dann nicht mehr installieren. App Store Connect kann Builds nicht löschen: Der Build bleibt als abgelaufen aufgeführt, und das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Expire</source>
        <translation>Ablaufen lassen</translation>
    </message>
    <message>
        <source>Expired build %1 (%2) of %3.</source>
        <translation>Build %1 (%2) von %3 ist abgelaufen.</translation>
    </message>
    <message>
        <source>Expiring failed: %1</source>
        <translation>Ablaufen lassen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Delete Version</source>
        <translation>Version löschen</translation>
    </message>
    <message>
        <source>Delete %1 %2 (code %3) from %4? This cannot be undone.</source>
        <translation>%1 %2 (Code %3) aus %4 löschen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Deleted %1 %2 (%3).</source>
        <translation>%1 %2 (%3) gelöscht.</translation>
    </message>
    <message>
        <source>Deleting failed: %1</source>
        <translation>Löschen fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Inspect, publish and browse app builds.</source>
        <translation>App-Builds prüfen, veröffentlichen und durchsuchen.</translation>
    </message>
    <message>
        <source>Local library folder.</source>
        <translation>Ordner der lokalen Bibliothek.</translation>
    </message>
    <message>
        <source>Packages to inspect and publish; a running window opens them.</source>
        <translation>Zu prüfende und zu veröffentlichende Pakete; ein laufendes Fenster öffnet sie.</translation>
    </message>
</context>
</TS>
