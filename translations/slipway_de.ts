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
    <message>
        <source>&amp;Production destination</source>
        <translation>&amp;Produktivziel</translation>
    </message>
    <message>
        <source>Releases to a production destination are blocked while the package has errors (preflight).</source>
        <translation>Veröffentlichungen an ein Produktivziel werden blockiert, solange das Paket Fehler hat (Vorabprüfung).</translation>
    </message>
    <message>
        <source>Cancel Test</source>
        <translation>Test abbrechen</translation>
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
    <message>
        <source>&amp;Publish…</source>
        <translation>&amp;Veröffentlichen…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
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
    <name>Slipway::AccountManager</name>
    <message>
        <source>This secret store cannot keep secrets for this run only.</source>
        <translation>Dieser Geheimnisspeicher kann Geheimnisse nicht nur für diese Sitzung behalten.</translation>
    </message>
    <message>
        <source>%1 must be an http:// or https:// URL, not &quot;%2&quot;.</source>
        <translation>%1 muss eine http://- oder https://-URL sein, nicht „%2“.</translation>
    </message>
    <message>
        <source>The production flag is true or false, not &quot;%1&quot;.</source>
        <translation>Die Produktiv-Markierung ist true oder false, nicht „%1“.</translation>
    </message>
    <message>
        <source>%1 accounts have no field &quot;%2&quot;; their fields are: %3.</source>
        <translation>%1-Konten haben kein Feld „%2“; ihre Felder sind: %3.</translation>
    </message>
    <message>
        <source>%1 is a secret: it is kept only in the OS keychain and must be given as a secret, never as a plain field.</source>
        <translation>%1 ist ein Geheimnis: es liegt nur im Schlüsselbund des Systems und muss als Geheimnis angegeben werden, nie als einfaches Feld.</translation>
    </message>
    <message>
        <source>%1 accounts have no secret &quot;%2&quot;; their secrets are: %3.</source>
        <translation>%1-Konten haben kein Geheimnis „%2“; ihre Geheimnisse sind: %3.</translation>
    </message>
    <message>
        <source>%1 needs the %2.</source>
        <translation>%1 braucht %2.</translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists; choose another name or edit it.</source>
        <translation>Ein Konto namens „%1“ gibt es schon; einen anderen Namen wählen oder es bearbeiten.</translation>
    </message>
    <message>
        <source>No secret store is available in this build.</source>
        <translation>In dieser Version ist kein Geheimnisspeicher verfügbar.</translation>
    </message>
    <message>
        <source>There is no account named &quot;%1&quot;.</source>
        <translation>Es gibt kein Konto namens „%1“.</translation>
    </message>
    <message>
        <source>An account cannot change its service; add a new %1 account instead.</source>
        <translation>Ein Konto kann seinen Dienst nicht wechseln; stattdessen ein neues %1-Konto hinzufügen.</translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists.</source>
        <translation>Ein Konto namens „%1“ gibt es schon.</translation>
    </message>
    <message>
        <source>The Local library is always there and cannot be removed.</source>
        <translation>Die lokale Bibliothek ist immer da und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>The account was kept so that its secrets are not left behind in the keyring.</source>
        <translation>Das Konto wurde behalten, damit seine Geheimnisse nicht im Schlüsselbund zurückbleiben.</translation>
    </message>
    <message>
        <source>No secret store.</source>
        <translation>Kein Geheimnisspeicher.</translation>
    </message>
</context>
<context>
    <name>Slipway::AccountStore</name>
    <message>
        <source>&quot;%1&quot; is not a valid account name: use letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 64).</source>
        <translation>„%1“ ist kein gültiger Kontoname: Buchstaben, Ziffern, „.“, „_“ oder „-“ verwenden (höchstens 64).</translation>
    </message>
    <message>
        <source>The name &quot;local&quot; is reserved for the Local library.</source>
        <translation>Der Name „local“ ist der lokalen Bibliothek vorbehalten.</translation>
    </message>
    <message>
        <source>Unknown service &quot;%1&quot;.</source>
        <translation>Unbekannter Dienst „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid base URL.</source>
        <translation>„%1“ ist keine gültige Basis-URL.</translation>
    </message>
    <message>
        <source>Plain http:// is only allowed for a server on this machine; use https:// for %1.</source>
        <translation>Einfaches http:// ist nur für einen Server auf diesem Rechner erlaubt; für %1 https:// verwenden.</translation>
    </message>
    <message>
        <source>The base URL must start with https://.</source>
        <translation>Die Basis-URL muss mit https:// beginnen.</translation>
    </message>
    <message>
        <source>%1 needs a base URL.</source>
        <translation>%1 braucht eine Basis-URL.</translation>
    </message>
    <message>
        <source>%1 is required for %2.</source>
        <translation>%1 ist für %2 erforderlich.</translation>
    </message>
    <message>
        <source>The account settings could not be written to %1.</source>
        <translation>Die Kontoeinstellungen konnten nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>There is no account named &quot;%1&quot;.</source>
        <translation>Es gibt kein Konto namens „%1“.</translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists.</source>
        <translation>Ein Konto namens „%1“ gibt es schon.</translation>
    </message>
</context>
<context>
    <name>Slipway::AccountTreeModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: loading…</source>
        <translation>%1: wird geladen…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Could not list apps — Retry</source>
        <translation>Apps konnten nicht aufgelistet werden — Erneut versuchen</translation>
    </message>
    <message>
        <source>Could not list apps — Retry · Edit account</source>
        <translation>Apps konnten nicht aufgelistet werden — Erneut versuchen · Konto bearbeiten</translation>
    </message>
    <message>
        <source>Could not list apps — Edit account</source>
        <translation>Apps konnten nicht aufgelistet werden — Konto bearbeiten</translation>
    </message>
    <message>
        <source>Local library</source>
        <translation>Lokale Bibliothek</translation>
    </message>
</context>
<context>
    <name>Slipway::Authenticator</name>
    <message>
        <source>The account %1 has no %2 in the keychain: edit the account and enter it again.</source>
        <translation>Dem Konto %1 fehlt %2 im Schlüsselbund: das Konto bearbeiten und es erneut eingeben.</translation>
    </message>
    <message>
        <source>No secret store is available.</source>
        <translation>Kein Geheimnisspeicher verfügbar.</translation>
    </message>
</context>
<context>
    <name>Slipway::Error</name>
    <message>
        <source> (server: %1)</source>
        <translation> (Server: %1)</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AccountFieldCheck</name>
    <message>
        <source>%1 must be an https:// address.</source>
        <translation>%1 muss eine https://-Adresse sein.</translation>
    </message>
    <message>
        <source>%1 must use https://; plain http:// is only for a server on this machine.</source>
        <translation>%1 muss https:// verwenden; einfaches http:// ist nur für einen Server auf diesem Rechner.</translation>
    </message>
    <message>
        <source>The base URL</source>
        <translation>Die Basis-URL</translation>
    </message>
    <message>
        <source>The issuer ID is a UUID like 57246542-96fe-1a63-e053-0824d011072a.</source>
        <translation>Die Aussteller-ID ist eine UUID wie 57246542-96fe-1a63-e053-0824d011072a.</translation>
    </message>
    <message>
        <source>The key ID is ten capital letters and digits, like 2X9R4HXF34.</source>
        <translation>Die Schlüssel-ID besteht aus zehn Großbuchstaben und Ziffern, z. B. 2X9R4HXF34.</translation>
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
    <message>
        <source>&amp;Open Folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the Local library&apos;s folder in the file manager</source>
        <translation>Den Ordner der lokalen Bibliothek im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>Stop waiting for the service</source>
        <translation>Nicht länger auf den Dienst warten</translation>
    </message>
    <message>
        <source>Local library — %1</source>
        <translation>Lokale Bibliothek — %1</translation>
    </message>
    <message>
        <source>Packages kept on this computer; always available, nothing to set up.</source>
        <translation>Pakete auf diesem Rechner; immer verfügbar, nichts einzurichten.</translation>
    </message>
    <message>
        <source>e.g. my-account</source>
        <translation>z. B. mein-konto</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>z. B. %1</translation>
    </message>
    <message>
        <source>Choose a folder for %1</source>
        <translation>Einen Ordner für %1 wählen</translation>
    </message>
    <message>
        <source>The keychain has no %1 for this account: enter it.</source>
        <translation>Im Schlüsselbund fehlt %1 für dieses Konto: bitte eingeben.</translation>
    </message>
    <message>
        <source>%1 is required: enter it or load it from a file.</source>
        <translation>%1 ist erforderlich: eingeben oder aus einer Datei laden.</translation>
    </message>
    <message>
        <source>Local library</source>
        <translation>Lokale Bibliothek</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>The Local library is always there; it is set with SLIPWAY_LIBRARY or the library/path setting.</source>
        <translation>Die lokale Bibliothek ist immer da; sie wird mit SLIPWAY_LIBRARY oder der Einstellung library/path festgelegt.</translation>
    </message>
    <message numerus="yes">
        <source>Connection failed: no answer within %n second(s).</source>
        <translation>
            <numerusform>Verbindung fehlgeschlagen: keine Antwort innerhalb von %n Sekunde.</numerusform>
            <numerusform>Verbindung fehlgeschlagen: keine Antwort innerhalb von %n Sekunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connection test cancelled.</source>
        <translation>Verbindungstest abgebrochen.</translation>
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
    <message>
        <source>Published &amp;between</source>
        <translation>Veröffentlicht &amp;zwischen</translation>
    </message>
    <message>
        <source>Show the versions of this app</source>
        <translation>Die Versionen dieser App anzeigen</translation>
    </message>
    <message>
        <source>Label or channel</source>
        <translation>Kennzeichnung oder Kanal</translation>
    </message>
    <message>
        <source>Only versions published between two dates</source>
        <translation>Nur Versionen, die zwischen zwei Daten veröffentlicht wurden</translation>
    </message>
    <message>
        <source>Published from</source>
        <translation>Veröffentlicht ab</translation>
    </message>
    <message>
        <source>Published until</source>
        <translation>Veröffentlicht bis</translation>
    </message>
    <message>
        <source>Versions in every account</source>
        <translation>Versionen in allen Konten</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>Alle Dienste</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Any label or channel</source>
        <translation>Jede Kennzeichnung, jeder Kanal</translation>
    </message>
    <message>
        <source>Any publisher</source>
        <translation>Jeder Herausgeber</translation>
    </message>
    <message>
        <source>No version matches “%1” and the filters (0 of %2).</source>
        <translation>Keine Version passt zu „%1“ und den Filtern (0 von %2).</translation>
    </message>
    <message>
        <source>No version matches the filters (0 of %1).</source>
        <translation>Keine Version passt zu den Filtern (0 von %1).</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Show QR Code</source>
        <translation>QR-Code anzeigen</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Vergleichen…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::AppTreeFilter</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
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
    <message>
        <source>Only what the services return could be compared (one of the builds cannot be downloaded). Unavailable: %1.</source>
        <translation>Nur die Angaben der Dienste konnten verglichen werden (einer der Builds lässt sich nicht herunterladen). Nicht verfügbar: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) in what the services return.</source>
        <translation>
            <numerusform>%n Unterschied in den Angaben der Dienste.</numerusform>
            <numerusform>%n Unterschiede in den Angaben der Dienste.</numerusform>
        </translation>
    </message>
    <message>
        <source>(no icon)</source>
        <translation>(kein Symbol)</translation>
    </message>
    <message>
        <source>Icon of %1</source>
        <translation>Symbol von %1</translation>
    </message>
    <message>
        <source>Release notes (− removed, + added):</source>
        <translation>Versionshinweise (− entfernt, + hinzugefügt):</translation>
    </message>
    <message>
        <source>Release notes (the same on both):</source>
        <translation>Versionshinweise (bei beiden gleich):</translation>
    </message>
    <message>
        <source>Release notes difference</source>
        <translation>Unterschied der Versionshinweise</translation>
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
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s)</source>
        <translation>
            <numerusform>Läuft in %n Tag ab</numerusform>
            <numerusform>Läuft in %n Tagen ab</numerusform>
        </translation>
    </message>
    <message>
        <source>Not published</source>
        <translation>Nicht veröffentlicht</translation>
    </message>
    <message>
        <source>This package was dropped on the window; it is not in any account yet.</source>
        <translation>Dieses Paket wurde auf das Fenster gezogen; es ist noch in keinem Konto.</translation>
    </message>
    <message>
        <source>Files (%1)</source>
        <translation>Dateien (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>QR-Code</translation>
    </message>
    <message>
        <source>TestFlight builds expire 90 days after upload; testers cannot install an expired build.</source>
        <translation>TestFlight-Builds laufen 90 Tage nach dem Hochladen ab; einen abgelaufenen Build können Tester nicht installieren.</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::DisplayText</name>
    <message>
        <source>iPhone</source>
        <translation>iPhone</translation>
    </message>
    <message>
        <source>iPad</source>
        <translation>iPad</translation>
    </message>
    <message>
        <source>Apple TV</source>
        <translation>Apple TV</translation>
    </message>
    <message>
        <source>Apple Watch</source>
        <translation>Apple Watch</translation>
    </message>
    <message>
        <source>Mac (Catalyst)</source>
        <translation>Mac (Catalyst)</translation>
    </message>
    <message>
        <source>Apple Vision</source>
        <translation>Apple Vision</translation>
    </message>
    <message>
        <source>device family %1</source>
        <translation>Gerätefamilie %1</translation>
    </message>
    <message>
        <source>Android app (APK)</source>
        <translation>Android-App (APK)</translation>
    </message>
    <message>
        <source>Android App Bundle (AAB)</source>
        <translation>Android App Bundle (AAB)</translation>
    </message>
    <message>
        <source>iOS app (IPA)</source>
        <translation>iOS-App (IPA)</translation>
    </message>
    <message>
        <source>macOS app (zip)</source>
        <translation>macOS-App (ZIP)</translation>
    </message>
    <message>
        <source>Android expansion file (OBB)</source>
        <translation>Android-Erweiterungsdatei (OBB)</translation>
    </message>
    <message>
        <source>Debug symbols (dSYM zip)</source>
        <translation>Debug-Symbole (dSYM-ZIP)</translation>
    </message>
    <message>
        <source>Windows app package (APPX)</source>
        <translation>Windows-App-Paket (APPX)</translation>
    </message>
    <message>
        <source>Windows app package (MSIX)</source>
        <translation>Windows-App-Paket (MSIX)</translation>
    </message>
    <message>
        <source>Windows app bundle (APPXBUNDLE)</source>
        <translation>Windows-App-Bündel (APPXBUNDLE)</translation>
    </message>
    <message>
        <source>Provisioning profile</source>
        <translation>Bereitstellungsprofil</translation>
    </message>
    <message>
        <source>Zip archive</source>
        <translation>ZIP-Archiv</translation>
    </message>
    <message>
        <source>Unknown file type</source>
        <translation>Unbekannter Dateityp</translation>
    </message>
    <message>
        <source>Android</source>
        <translation>Android</translation>
    </message>
    <message>
        <source>iOS</source>
        <translation>iOS</translation>
    </message>
    <message>
        <source>iPadOS</source>
        <translation>iPadOS</translation>
    </message>
    <message>
        <source>tvOS</source>
        <translation>tvOS</translation>
    </message>
    <message>
        <source>watchOS</source>
        <translation>watchOS</translation>
    </message>
    <message>
        <source>macOS</source>
        <translation>macOS</translation>
    </message>
    <message>
        <source>visionOS</source>
        <translation>visionOS</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <source>Android %1 (API %2)</source>
        <translation>Android %1 (API %2)</translation>
    </message>
    <message>
        <source>Development</source>
        <translation>Entwicklung</translation>
    </message>
    <message>
        <source>Ad Hoc</source>
        <translation>Ad hoc</translation>
    </message>
    <message>
        <source>App Store</source>
        <translation>App Store</translation>
    </message>
    <message>
        <source>Enterprise (in-house)</source>
        <translation>Enterprise (firmenintern)</translation>
    </message>
    <message>
        <source>Developer ID</source>
        <translation>Developer ID</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>In Verarbeitung</translation>
    </message>
    <message>
        <source>Processing failed</source>
        <translation>Verarbeitung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <source>Prepare for submission</source>
        <translation>Einreichung vorbereiten</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>Wartet auf Prüfung</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>In Prüfung</translation>
    </message>
    <message>
        <source>Pending developer release</source>
        <translation>Wartet auf Freigabe durch den Entwickler</translation>
    </message>
    <message>
        <source>Ready for distribution</source>
        <translation>Bereit zur Verteilung</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Withdrawn by the developer</source>
        <translation>Vom Entwickler zurückgezogen</translation>
    </message>
    <message>
        <source>Metadata rejected</source>
        <translation>Metadaten abgelehnt</translation>
    </message>
    <message>
        <source>Removed from sale</source>
        <translation>Aus dem Verkauf genommen</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Not downloadable</source>
        <translation>Nicht herunterladbar</translation>
    </message>
    <message>
        <source>JAR signature (v1)</source>
        <translation>JAR-Signatur (v1)</translation>
    </message>
    <message>
        <source>APK Signature Scheme %1</source>
        <translation>APK-Signaturschema %1</translation>
    </message>
    <message>
        <source>JAR signature</source>
        <translation>JAR-Signatur</translation>
    </message>
    <message>
        <source>Apple code signature</source>
        <translation>Apple-Codesignatur</translation>
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
    <name>Slipway::Gui::EmptyState</name>
    <message>
        <source>Nothing here yet</source>
        <translation>Noch nichts hier</translation>
    </message>
    <message>
        <source>Open an APK, AAB, IPA or other package to inspect it and publish it to your Local library or a distribution service.</source>
        <translation>Öffnen Sie ein APK, AAB, IPA oder ein anderes Paket, um es zu prüfen und in Ihrer lokalen Bibliothek oder bei einem Verteildienst zu veröffentlichen.</translation>
    </message>
    <message>
        <source>Open Package…</source>
        <translation>Paket öffnen…</translation>
    </message>
    <message>
        <source>Open package</source>
        <translation>Paket öffnen</translation>
    </message>
    <message>
        <source>or drag a package here</source>
        <translation>oder ein Paket hierher ziehen</translation>
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
        <source>Cancel and Quit</source>
        <translation>Abbrechen und beenden</translation>
    </message>
    <message>
        <source>Publishing %1 was cancelled.</source>
        <translation>Die Veröffentlichung von %1 wurde abgebrochen.</translation>
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
        <source>Re&amp;leases</source>
        <translation>Ve&amp;röffentlichungen</translation>
    </message>
    <message>
        <source>A release is still being published. Quit anyway? It continues the next time Slipway starts.</source>
        <translation>Eine Veröffentlichung läuft noch. Trotzdem beenden? Sie wird beim nächsten Start von Slipway fortgesetzt.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Saving in progress</source>
        <translation>Speichern läuft</translation>
    </message>
    <message>
        <source>A change is still being saved. Cancel it and quit?</source>
        <translation>Eine Änderung wird noch gespeichert. Abbrechen und beenden?</translation>
    </message>
    <message>
        <source>Interrupted releases cannot be resumed: %1</source>
        <translation>Unterbrochene Veröffentlichungen können nicht fortgesetzt werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Resuming %n interrupted release(s).</source>
        <translation>
            <numerusform>%n unterbrochene Veröffentlichung wird fortgesetzt.</numerusform>
            <numerusform>%n unterbrochene Veröffentlichungen werden fortgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The release cannot be started: %1</source>
        <translation>Die Veröffentlichung kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Publishing %1 failed</source>
        <translation>Veröffentlichung von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Publishing %1 to %2 failed: %3</source>
        <translation>Die Veröffentlichung von %1 bei %2 ist fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Edit and Publish Again</source>
        <translation>Bearbeiten und erneut veröffentlichen</translation>
    </message>
    <message>
        <source>Published %1</source>
        <translation>%1 veröffentlicht</translation>
    </message>
    <message>
        <source>%1 %2 (%3) is on %4.</source>
        <translation>%1 %2 (%3) ist bei %4.</translation>
    </message>
    <message>
        <source>Stop the running inspection or publish</source>
        <translation>Die laufende Prüfung oder Veröffentlichung anhalten</translation>
    </message>
    <message>
        <source>Cancel the running operation</source>
        <translation>Den laufenden Vorgang abbrechen</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Open a package to inspect and publish it</source>
        <translation>Ein Paket öffnen, um es zu prüfen und zu veröffentlichen</translation>
    </message>
    <message>
        <source>Publish the last opened package (again), or choose one</source>
        <translation>Das zuletzt geöffnete Paket (erneut) veröffentlichen oder eines auswählen</translation>
    </message>
    <message>
        <source>Reload the accounts, apps and versions</source>
        <translation>Konten, Apps und Versionen neu laden</translation>
    </message>
    <message>
        <source>Compare two versions or files</source>
        <translation>Zwei Versionen oder Dateien vergleichen</translation>
    </message>
    <message>
        <source>Download the selected version</source>
        <translation>Die ausgewählte Version herunterladen</translation>
    </message>
    <message numerus="yes">
        <source>%n app(s)</source>
        <translation>
            <numerusform>%n App</numerusform>
            <numerusform>%n Apps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n Version</numerusform>
            <numerusform>%n Versionen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected: %1</source>
        <translation>
            <numerusform>%n ausgewählt: %1</numerusform>
            <numerusform>%n ausgewählt: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Inspection cancelled; %n file(s) not opened.</source>
        <translation>
            <numerusform>Prüfung abgebrochen; %n Datei nicht geöffnet.</numerusform>
            <numerusform>Prüfung abgebrochen; %n Dateien nicht geöffnet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Inspecting %n file(s): %1 of %2</source>
        <translation>
            <numerusform>%n Datei wird geprüft: %1 von %2</numerusform>
            <numerusform>%n Dateien werden geprüft: %1 von %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit Account…</source>
        <translation>Konto bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Retry Listing Apps</source>
        <translation>Auflisten der Apps &amp;erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Edit Account…</source>
        <translation>Konto &amp;bearbeiten…</translation>
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
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
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
    <message>
        <source>Saved %1 (the service gives no checksum to verify it against).</source>
        <translation>%1 gespeichert (der Dienst nennt keine Prüfsumme zum Abgleich).</translation>
    </message>
    <message>
        <source>Saved %1 (%2 verified).</source>
        <translation>%1 gespeichert (%2 geprüft).</translation>
    </message>
    <message numerus="yes">
        <source>Expire %n build(s) in %1: %2? Testers can no longer install them; this cannot be undone.</source>
        <translation>
            <numerusform>%n Build in %1 ablaufen lassen: %2? Tester können ihn dann nicht mehr installieren; das kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%n Builds in %1 ablaufen lassen: %2? Tester können sie dann nicht mehr installieren; das kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Expire Builds</source>
        <translation>Builds ablaufen lassen</translation>
    </message>
    <message>
        <source>Expire</source>
        <translation>Ablaufen lassen</translation>
    </message>
    <message numerus="yes">
        <source>Keep the latest %1 and expire %n build(s) in %2: %3?</source>
        <translation>
            <numerusform>Die neuesten %1 behalten und %n Build in %2 ablaufen lassen: %3?</numerusform>
            <numerusform>Die neuesten %1 behalten und %n Builds in %2 ablaufen lassen: %3?</numerusform>
        </translation>
    </message>
    <message>
        <source>The clean-up was not added to the history: %1</source>
        <translation>Das Aufräumen wurde nicht in den Verlauf eingetragen: %1</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::QrDialog</name>
    <message>
        <source>QR Code — %1</source>
        <translation>QR-Code — %1</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::QrPanel</name>
    <message>
        <source>Save QR Code</source>
        <translation>QR-Code speichern</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>QR code of %1</source>
        <translation>QR-Code von %1</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
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
        <source>Save PNG…</source>
        <translation>Als PNG speichern…</translation>
    </message>
    <message>
        <source>Save SVG…</source>
        <translation>Als SVG speichern…</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::ReleaseDetailsDialog</name>
    <message>
        <source>Release %1 — %2</source>
        <translation>Veröffentlichung %1 — %2</translation>
    </message>
    <message>
        <source>Package:</source>
        <translation>Paket:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Published:</source>
        <translation>Veröffentlicht:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Not signed or not inspected</source>
        <translation>Nicht signiert oder nicht geprüft</translation>
    </message>
    <message>
        <source>%1
SHA-256 %2</source>
        <translation>%1
SHA-256 %2</translation>
    </message>
    <message>
        <source>Signer:</source>
        <translation>Signiert von:</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dateien:</translation>
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
        <source>MD5</source>
        <translation>MD5</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Release notes:</source>
        <translation>Versionshinweise:</translation>
    </message>
    <message>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
    <message>
        <source>Destinations:</source>
        <translation>Ziele:</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version id</source>
        <translation>Versions-ID</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Link to the version on %1</source>
        <translation>Link zur Version bei %1</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Export C&amp;SV…</source>
        <translation>Als CS&amp;V exportieren…</translation>
    </message>
    <message>
        <source>&amp;Edit and Publish Again…</source>
        <translation>&amp;Bearbeiten und erneut veröffentlichen…</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export Release</source>
        <translation>Veröffentlichung exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::ReleasesModel</name>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>Verarbeitung</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Stockt</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>noch %n s</numerusform>
            <numerusform>noch %n s</numerusform>
        </translation>
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
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
</context>
<context>
    <name>Slipway::Gui::ReleasesPanel</name>
    <message>
        <source>Releases</source>
        <translation>Veröffentlichungen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel this destination</source>
        <translation>Dieses Ziel abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Retry this destination</source>
        <translation>Dieses Ziel wiederholen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Pause or resume this destination</source>
        <translation>Dieses Ziel anhalten oder fortsetzen</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Release details</source>
        <translation>Details der Veröffentlichung</translation>
    </message>
    <message>
        <source>Transfers at once:</source>
        <translation>Gleichzeitige Übertragungen:</translation>
    </message>
    <message>
        <source>Transfers at once</source>
        <translation>Gleichzeitige Übertragungen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Edit and Publish Again…</source>
        <translation>Bearbeiten und erneut veröffentlichen…</translation>
    </message>
    <message>
        <source>Edit the failed release and publish it again</source>
        <translation>Die fehlgeschlagene Veröffentlichung bearbeiten und erneut veröffentlichen</translation>
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
    <name>Slipway::HttpClient</name>
    <message>
        <source>The server&apos;s answer is JSON but not the object Slipway expected.</source>
        <translation>Die Antwort des Servers ist JSON, aber nicht das Objekt, das Slipway erwartet hat.</translation>
    </message>
    <message>
        <source>The server</source>
        <translation>Der Server</translation>
    </message>
    <message>
        <source>The server answered with an HTML page (&quot;%1&quot;) instead of JSON — is the base URL right?</source>
        <translation>Der Server hat mit einer HTML-Seite („%1“) statt mit JSON geantwortet — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>The server answered with an HTML page instead of JSON — is the base URL right?</source>
        <translation>Der Server hat mit einer HTML-Seite statt mit JSON geantwortet — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>The server sent an empty answer where Slipway expected data — is the base URL right?</source>
        <translation>Der Server hat eine leere Antwort geschickt, wo Slipway Daten erwartet hat — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not valid JSON (it may have been cut off or come from another server) — is the base URL right?</source>
        <translation>Die Antwort des Servers ist kein gültiges JSON (sie wurde vielleicht abgeschnitten oder kommt von einem anderen Server) — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>what Slipway asked for</source>
        <translation>das Angefragte</translation>
    </message>
    <message>
        <source>%1 rejected the credentials (HTTP 401): check the account&apos;s key or token in Accounts and sign in again.</source>
        <translation>%1 hat die Zugangsdaten abgelehnt (HTTP 401): den Schlüssel oder das Token des Kontos unter Konten prüfen und erneut anmelden.</translation>
    </message>
    <message>
        <source>%1 refused this (HTTP 403): the account&apos;s key has no permission for it; ask an administrator for access or use another account.</source>
        <translation>%1 hat das verweigert (HTTP 403): der Schlüssel des Kontos hat dafür keine Berechtigung; einen Administrator um Zugriff bitten oder ein anderes Konto verwenden.</translation>
    </message>
    <message>
        <source>%1 does not know %2 (HTTP %3): check the app or version and the account&apos;s base URL.</source>
        <translation>%1 kennt %2 nicht (HTTP %3): die App oder Version und die Basis-URL des Kontos prüfen.</translation>
    </message>
    <message>
        <source>%1 already has this (HTTP 409): use a different version code or label, or delete the existing one first.</source>
        <translation>%1 hat das schon (HTTP 409): einen anderen Versionscode oder ein anderes Label verwenden oder zuerst das vorhandene löschen.</translation>
    </message>
    <message>
        <source>%1 is limiting the request rate (HTTP 429): wait a minute and try again.</source>
        <translation>%1 begrenzt die Anfragerate (HTTP 429): eine Minute warten und erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 had a problem on its side (HTTP %2): try again later; if it persists, check the service&apos;s status page.</source>
        <translation>%1 hatte ein Problem auf seiner Seite (HTTP %2): später erneut versuchen; wenn es bleibt, die Statusseite des Dienstes prüfen.</translation>
    </message>
    <message>
        <source>%1 rejected the request (HTTP %2): correct the fields it names and try again.</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2): die genannten Felder korrigieren und erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 gave an unexpected answer (HTTP %2): check the account&apos;s base URL.</source>
        <translation>%1 hat unerwartet geantwortet (HTTP %2): die Basis-URL des Kontos prüfen.</translation>
    </message>
</context>
<context>
    <name>Slipway::HttpJob</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbinde mit %1</translation>
    </message>
    <message>
        <source>The network client is gone.</source>
        <translation>Der Netzwerk-Client ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Uploading to %1</source>
        <translation>Lade zu %1 hoch</translation>
    </message>
    <message>
        <source>Waiting for %1</source>
        <translation>Warte auf %1</translation>
    </message>
    <message>
        <source>%1 redirected too many times — is the base URL right?</source>
        <translation>%1 hat zu oft weitergeleitet — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>%1 redirected from a secure to an insecure address; Slipway does not follow that.</source>
        <translation>%1 hat von einer sicheren zu einer unsicheren Adresse weitergeleitet; dem folgt Slipway nicht.</translation>
    </message>
    <message>
        <source>%1 asks to wait %2 seconds before the next request: try again later.</source>
        <translation>%1 bittet, %2 Sekunden bis zur nächsten Anfrage zu warten: später erneut versuchen.</translation>
    </message>
    <message>
        <source>Retrying in %1 s</source>
        <translation>Neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>Checking whether the first attempt went through</source>
        <translation>Prüfe, ob der erste Versuch angekommen ist</translation>
    </message>
    <message>
        <source>Cannot read %1 for the upload: %2</source>
        <translation>%1 kann für das Hochladen nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 answered with more than %2 MB, more than Slipway accepts for one answer, and was stopped — is the base URL right?</source>
        <translation>%1 hat mit mehr als %2 MB geantwortet, mehr als Slipway für eine Antwort annimmt, und wurde gestoppt — stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 stopped responding: no data moved for %2. Check your connection and try again.</source>
        <translation>%1 antwortet nicht mehr: seit %2 wurden keine Daten übertragen. Die Verbindung prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 stopped responding: no data moved for %2 on %3 attempts (%4). Check your connection and try again.</source>
        <translation>%1 antwortet nicht mehr: bei %3 Versuchen wurden %2 lang keine Daten übertragen (%4). Die Verbindung prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>The answer from %1 was lost, and Slipway could not check whether the upload arrived: it may have gone through. Check %1 before publishing again.</source>
        <translation>Die Antwort von %1 ging verloren, und Slipway konnte nicht prüfen, ob das Hochladen angekommen ist: es ist vielleicht durchgegangen. %1 prüfen, bevor erneut veröffentlicht wird.</translation>
    </message>
    <message>
        <source>The transfer to %1 took too long and was stopped. Check your connection and try again.</source>
        <translation>Die Übertragung zu %1 hat zu lange gedauert und wurde gestoppt. Die Verbindung prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2). Check the system date and the server&apos;s certificate; Slipway never ignores certificate errors.</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen (%2). Das Systemdatum und das Zertifikat des Servers prüfen; Slipway ignoriert Zertifikatsfehler nie.</translation>
    </message>
    <message>
        <source>Could not reach %1 (%2). Check your internet connection, VPN or proxy settings and try again.</source>
        <translation>%1 ist nicht erreichbar (%2). Internetverbindung, VPN oder Proxy-Einstellungen prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>The proxy asks for credentials: configure them in the system proxy settings.</source>
        <translation>Der Proxy verlangt Zugangsdaten: sie in den Proxy-Einstellungen des Systems eintragen.</translation>
    </message>
    <message>
        <source>The answer from %1 was cut off before it was complete (%2). Try again; if it keeps happening, check your connection or proxy.</source>
        <translation>Die Antwort von %1 wurde abgeschnitten, bevor sie vollständig war (%2). Erneut versuchen; wenn es wieder passiert, die Verbindung oder den Proxy prüfen.</translation>
    </message>
</context>
<context>
    <name>Slipway::Job</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>Slipway::KeyValidation</name>
    <message>
        <source>The App Store Connect private key %1: paste the whole contents of the AuthKey_&lt;key ID&gt;.p8 file downloaded from App Store Connect (Users and Access &gt; Integrations).</source>
        <translation>Der private App-Store-Connect-Schlüssel %1: den ganzen Inhalt der aus App Store Connect geladenen Datei AuthKey_&lt;Schlüssel-ID&gt;.p8 einfügen (Benutzer und Zugriff &gt; Integrationen).</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>ist leer</translation>
    </message>
    <message>
        <source>is encrypted with a passphrase; App Store Connect keys are not</source>
        <translation>ist mit einer Passphrase verschlüsselt; App-Store-Connect-Schlüssel sind das nicht</translation>
    </message>
    <message>
        <source>is a public key or certificate, not a private key</source>
        <translation>ist ein öffentlicher Schlüssel oder ein Zertifikat, kein privater Schlüssel</translation>
    </message>
    <message>
        <source>is not a PEM private key (it should start with -----BEGIN PRIVATE KEY-----)</source>
        <translation>ist kein privater PEM-Schlüssel (er sollte mit -----BEGIN PRIVATE KEY----- beginnen)</translation>
    </message>
    <message>
        <source>Out of memory while reading the private key.</source>
        <translation>Kein Speicher mehr beim Lesen des privaten Schlüssels.</translation>
    </message>
    <message>
        <source>could not be read as a PEM private key</source>
        <translation>konnte nicht als privater PEM-Schlüssel gelesen werden</translation>
    </message>
    <message>
        <source>is a %1 key; App Store Connect keys are EC P-256 keys</source>
        <translation>ist ein %1-Schlüssel; App-Store-Connect-Schlüssel sind EC-P-256-Schlüssel</translation>
    </message>
    <message>
        <source>non-EC</source>
        <translation>Nicht-EC</translation>
    </message>
    <message>
        <source>is an EC key on an unnamed curve; App Store Connect keys use P-256</source>
        <translation>ist ein EC-Schlüssel auf einer unbenannten Kurve; App-Store-Connect-Schlüssel verwenden P-256</translation>
    </message>
    <message>
        <source>is an EC key on curve %1; App Store Connect keys use P-256 (prime256v1)</source>
        <translation>ist ein EC-Schlüssel auf der Kurve %1; App-Store-Connect-Schlüssel verwenden P-256 (prime256v1)</translation>
    </message>
</context>
<context>
    <name>Slipway::KeychainCredentialStore</name>
    <message>
        <source>read</source>
        <translation>lesen</translation>
    </message>
    <message>
        <source>store</source>
        <translation>speichern</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>entfernen</translation>
    </message>
    <message>
        <source>No secret is stored in the keyring for this account yet.</source>
        <translation>Für dieses Konto ist noch kein Geheimnis im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>Access to the keyring was refused at its prompt, so Slipway could not %1 the secret: allow Slipway to use the keyring (or unlock it) and try again.</source>
        <translation>Der Zugriff auf den Schlüsselbund wurde an seiner Abfrage verweigert, daher konnte Slipway das Geheimnis nicht %1: Slipway den Schlüsselbund verwenden lassen (oder ihn entsperren) und erneut versuchen.</translation>
    </message>
    <message>
        <source>The keyring is locked, so Slipway could not %1 the secret: unlock your login keyring (for example in Passwords and Keys, or with KWallet Manager) and try again.</source>
        <translation>Der Schlüsselbund ist gesperrt, daher konnte Slipway das Geheimnis nicht %1: den Anmelde-Schlüsselbund entsperren (zum Beispiel in „Passwörter und Verschlüsselung“ oder mit der KWallet-Verwaltung) und erneut versuchen.</translation>
    </message>
    <message>
        <source>The keyring has no default collection to keep secrets in (or could not show its prompt to create one): open Passwords and Keys (seahorse) or KWallet Manager, create or unlock the Login keyring, and try again.</source>
        <translation>Der Schlüsselbund hat keine Standardsammlung für Geheimnisse (oder konnte seine Abfrage zum Anlegen nicht zeigen): „Passwörter und Verschlüsselung“ (Seahorse) oder die KWallet-Verwaltung öffnen, den Anmelde-Schlüsselbund anlegen oder entsperren und erneut versuchen.</translation>
    </message>
    <message>
        <source>No keyring service is running: install and start gnome-keyring or KWallet (any Secret Service provider), then try again.</source>
        <translation>Es läuft kein Schlüsselbund-Dienst: gnome-keyring oder KWallet (einen beliebigen Secret-Service-Anbieter) installieren und starten, dann erneut versuchen.</translation>
    </message>
    <message>
        <source>No keyring service is running: there is no D-Bus session to reach one. Start Slipway from your desktop session (or inside dbus-run-session) with gnome-keyring or KWallet running.</source>
        <translation>Es läuft kein Schlüsselbund-Dienst: es gibt keine D-Bus-Sitzung, um einen zu erreichen. Slipway aus der Desktop-Sitzung (oder in dbus-run-session) starten, während gnome-keyring oder KWallet läuft.</translation>
    </message>
    <message>
        <source>The keyring refused to remove the secret: check that it is unlocked and try again.</source>
        <translation>Der Schlüsselbund hat das Entfernen des Geheimnisses verweigert: prüfen, ob er entsperrt ist, und erneut versuchen.</translation>
    </message>
    <message>
        <source>The keyring could not %1 the secret: check that gnome-keyring or KWallet is running and unlocked, then try again.</source>
        <translation>Der Schlüsselbund konnte das Geheimnis nicht %1: prüfen, ob gnome-keyring oder KWallet läuft und entsperrt ist, dann erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>Slipway::MemoryCredentialStore</name>
    <message>
        <source>No secret is stored under %1.</source>
        <translation>Unter %1 ist kein Geheimnis gespeichert.</translation>
    </message>
</context>
<context>
    <name>Slipway::PagedJob</name>
    <message>
        <source>The list from %1 is longer than Slipway accepts (more than %2 MB in %3 pages); narrow it, for example to one app or a shorter period, and try again.</source>
        <translation>Die Liste von %1 ist länger, als Slipway annimmt (mehr als %2 MB in %3 Seiten); sie eingrenzen, zum Beispiel auf eine App oder einen kürzeren Zeitraum, und erneut versuchen.</translation>
    </message>
    <message>
        <source>The list from %1 is longer than Slipway accepts (more than %2 items); narrow it, for example to one app or a shorter period, and try again.</source>
        <translation>Die Liste von %1 ist länger, als Slipway annimmt (mehr als %2 Einträge); sie eingrenzen, zum Beispiel auf eine App oder einen kürzeren Zeitraum, und erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 keeps sending the same page of results; Slipway stopped after %2 pages.</source>
        <translation>%1 schickt immer wieder dieselbe Ergebnisseite; Slipway hat nach %2 Seiten aufgehört.</translation>
    </message>
    <message>
        <source>The network client is gone.</source>
        <translation>Der Netzwerk-Client ist nicht mehr da.</translation>
    </message>
    <message>
        <source>%1 never reported the last page: Slipway stopped after %2 pages. Narrow the list or report this to the service.</source>
        <translation>%1 hat nie die letzte Seite gemeldet: Slipway hat nach %2 Seiten aufgehört. Die Liste eingrenzen oder das dem Dienst melden.</translation>
    </message>
</context>
<context>
    <name>Slipway::ServiceClient</name>
    <message>
        <source>%1 cannot be reached: Slipway has no network client.</source>
        <translation>%1 ist nicht erreichbar: Slipway hat keinen Netzwerk-Client.</translation>
    </message>
</context>
<context>
    <name>Slipway::ServiceDownload</name>
    <message>
        <source>%1 is %2 bytes, but %3 says it has %4 bytes; the file was deleted.</source>
        <translation>%1 hat %2 Bytes, aber %3 gibt %4 Bytes an; die Datei wurde gelöscht.</translation>
    </message>
    <message>
        <source>The SHA-256 of the downloaded %1 does not match the one %2 gives (%3); the file was deleted.</source>
        <translation>Der SHA-256 der heruntergeladenen Datei %1 stimmt nicht mit dem von %2 angegebenen überein (%3); die Datei wurde gelöscht.</translation>
    </message>
    <message>
        <source>The MD5 of the downloaded %1 does not match the one %2 gives (%3); the file was deleted.</source>
        <translation>Der MD5 der heruntergeladenen Datei %1 stimmt nicht mit dem von %2 angegebenen überein (%3); die Datei wurde gelöscht.</translation>
    </message>
    <message>
        <source>%1 gives no download link for %2.</source>
        <translation>%1 gibt keinen Download-Link für %2 an.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Downloading %1 from %2</source>
        <translation>Lade %1 von %2 herunter</translation>
    </message>
    <message>
        <source>Writing %1 failed: %2 (disk full?).</source>
        <translation>Schreiben von %1 fehlgeschlagen: %2 (Datenträger voll?).</translation>
    </message>
    <message>
        <source>%1 could not be saved as %2.</source>
        <translation>%1 konnte nicht als %2 gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>Slipway::ServiceJson</name>
    <message>
        <source>an HTML page</source>
        <translation>eine HTML-Seite</translation>
    </message>
    <message>
        <source>an empty body</source>
        <translation>ein leerer Inhalt</translation>
    </message>
    <message>
        <source>%1 at offset %2</source>
        <translation>%1 bei Position %2</translation>
    </message>
    <message>
        <source>%1 answered with something Slipway cannot read: %2.</source>
        <translation>%1 hat mit etwas geantwortet, das Slipway nicht lesen kann: %2.</translation>
    </message>
    <message>
        <source>Body: %1</source>
        <translation>Inhalt: %1</translation>
    </message>
    <message>
        <source>%1 is not JSON (%2)</source>
        <translation>%1 ist kein JSON (%2)</translation>
    </message>
    <message>
        <source>%1 is not a JSON object</source>
        <translation>%1 ist kein JSON-Objekt</translation>
    </message>
</context>
<context>
    <name>Slipway::Steps</name>
    <message numerus="yes">
        <source>, %n s left</source>
        <translation>
            <numerusform>, noch %n s</numerusform>
            <numerusform>, noch %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::VersionTableModel</name>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
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
        <translation>Label</translation>
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
        <source>Publisher</source>
        <translation>Veröffentlicht von</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>Slipway::Workspace</name>
    <message>
        <source>There is no account named &quot;%1&quot;; choose one of the connected accounts, or connect it first.</source>
        <translation>Es gibt kein Konto namens „%1“; eines der verbundenen Konten wählen oder es zuerst verbinden.</translation>
    </message>
    <message>
        <source>This build of Slipway cannot connect to %1 accounts yet.</source>
        <translation>Diese Version von Slipway kann sich noch nicht mit %1-Konten verbinden.</translation>
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
