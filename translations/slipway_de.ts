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
    <name>Slipway::AabReader</name>
    <message>
        <source>The bundle&apos;s base manifest cannot be read: %1</source>
        <translation>Das Basismanifest des Bundles kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The bundle has no BundleConfig.pb; bundletool and Google Play will reject it.</source>
        <translation>Das Bundle hat keine BundleConfig.pb; bundletool und Google Play lehnen es ab.</translation>
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
    <name>Slipway::AkanaJson</name>
    <message>
        <source>the login answer</source>
        <translation>die Anmeldeantwort</translation>
    </message>
    <message>
        <source>the platform requires a new password</source>
        <translation>die Plattform verlangt ein neues Passwort</translation>
    </message>
    <message>
        <source>a legal agreement must be accepted</source>
        <translation>eine rechtliche Vereinbarung muss akzeptiert werden</translation>
    </message>
    <message>
        <source>security questions must be answered</source>
        <translation>Sicherheitsfragen müssen beantwortet werden</translation>
    </message>
    <message>
        <source>a two-factor verification code is required</source>
        <translation>ein Zwei-Faktor-Bestätigungscode ist erforderlich</translation>
    </message>
    <message>
        <source>a login task (%1) is pending</source>
        <translation>eine Anmeldeaufgabe (%1) steht aus</translation>
    </message>
    <message>
        <source>Login to the Akana platform stopped because %1. Sign in to the developer portal in a browser once to complete it, then try again.</source>
        <translation>Die Anmeldung bei der Akana-Plattform wurde abgebrochen, weil %1. Melden Sie sich einmal im Browser am Entwicklerportal an, um dies abzuschließen, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>pending login tasks: %1</source>
        <translation>ausstehende Anmeldeaufgaben: %1</translation>
    </message>
    <message>
        <source>the app list</source>
        <translation>die App-Liste</translation>
    </message>
    <message>
        <source>the version list</source>
        <translation>die Versionsliste</translation>
    </message>
    <message>
        <source>the app version</source>
        <translation>die App-Version</translation>
    </message>
    <message>
        <source>The Akana platform answered without the version&apos;s Name.</source>
        <translation>Die Akana-Plattform hat ohne den Namen der Version geantwortet.</translation>
    </message>
    <message>
        <source>The Akana platform did not return the ID of the new version.</source>
        <translation>Die Akana-Plattform hat die ID der neuen Version nicht zurückgegeben.</translation>
    </message>
    <message>
        <source>The Akana platform refused the request.</source>
        <translation>Die Akana-Plattform hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>The Akana platform refused the session: it expired, the password changed, or the CSRF header was missing.</source>
        <translation>Die Akana-Plattform hat die Sitzung abgelehnt: Sie ist abgelaufen, das Passwort wurde geändert oder der CSRF-Header fehlte.</translation>
    </message>
    <message>
        <source>Your Akana user may not do this; you must be on the app&apos;s team.</source>
        <translation>Ihr Akana-Benutzer darf das nicht; Sie müssen zum Team der App gehören.</translation>
    </message>
    <message>
        <source>The Akana platform does not know this app or version (or the base URL is wrong).</source>
        <translation>Die Akana-Plattform kennt diese App oder Version nicht (oder die Basis-URL ist falsch).</translation>
    </message>
    <message>
        <source>The Akana platform does not allow this operation.</source>
        <translation>Die Akana-Plattform erlaubt diesen Vorgang nicht.</translation>
    </message>
    <message>
        <source>A version with this name already exists on the Akana platform.</source>
        <translation>Auf der Akana-Plattform gibt es bereits eine Version mit diesem Namen.</translation>
    </message>
    <message>
        <source>The Akana platform had an internal problem (HTTP %1); try again later.</source>
        <translation>Die Akana-Plattform hatte ein internes Problem (HTTP %1); versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The Akana platform answered HTTP %1.</source>
        <translation>Die Akana-Plattform hat mit HTTP %1 geantwortet.</translation>
    </message>
</context>
<context>
    <name>Slipway::AkanaProvider</name>
    <message>
        <source>The developer portal of an Akana API Platform tenant: Slipway lists your apps and adds, modifies and deletes their app versions (metadata only, nothing is uploaded).</source>
        <translation>Das Entwicklerportal eines Akana-API-Platform-Mandanten: Slipway listet Ihre Apps auf und fügt ihre App-Versionen hinzu, ändert und löscht sie (nur Metadaten, es wird nichts hochgeladen).</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>The e-mail address you sign in with.</source>
        <translation>Die E-Mail-Adresse, mit der Sie sich anmelden.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Your Akana password; kept only in the OS keychain.</source>
        <translation>Ihr Akana-Passwort; wird nur im Schlüsselbund des Betriebssystems aufbewahrt.</translation>
    </message>
    <message>
        <source>Akana</source>
        <translation>Akana</translation>
    </message>
    <message>
        <source>Version name</source>
        <translation>Versionsname</translation>
    </message>
    <message>
        <source>Name of the app version (default: the version name of the release or its package).</source>
        <translation>Name der App-Version (Standard: der Versionsname des Releases oder seines Pakets).</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Description of the version (default: the release notes).</source>
        <translation>Beschreibung der Version (Standard: die Versionshinweise).</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Comma-separated tags of the version.</source>
        <translation>Kommagetrennte Tags der Version.</translation>
    </message>
    <message>
        <source>Visibility</source>
        <translation>Sichtbarkeit</translation>
    </message>
    <message>
        <source>Who sees the version: Limited (the app team), Public, or registered users.</source>
        <translation>Wer die Version sieht: Limited (das App-Team), Public oder registrierte Benutzer.</translation>
    </message>
    <message>
        <source>Initial environment</source>
        <translation>Anfangsumgebung</translation>
    </message>
    <message>
        <source>The environment the version starts in.</source>
        <translation>Die Umgebung, in der die Version beginnt.</translation>
    </message>
    <message>
        <source>Modify version</source>
        <translation>Version ändern</translation>
    </message>
    <message>
        <source>Modify this existing AppVersionID instead of adding a new version.</source>
        <translation>Diese bestehende AppVersionID ändern, statt eine neue Version hinzuzufügen.</translation>
    </message>
    <message>
        <source>Listing your apps on the Akana platform</source>
        <translation>Ihre Apps auf der Akana-Plattform werden aufgelistet</translation>
    </message>
    <message>
        <source>The Akana platform signed you in but named no user: neither the login answer (userFDN) nor the session cookie (UserFDN) carries your UserID, so your apps cannot be listed. Open the app by its AppID instead (versions, publish).</source>
        <translation>Die Akana-Plattform hat Sie angemeldet, aber keinen Benutzer genannt: Weder die Anmeldeantwort (userFDN) noch das Sitzungscookie (UserFDN) enthält Ihre UserID, daher können Ihre Apps nicht aufgelistet werden. Öffnen Sie die App stattdessen über ihre AppID (Versionen, Veröffentlichen).</translation>
    </message>
    <message>
        <source>your apps</source>
        <translation>Ihre Apps</translation>
    </message>
    <message>
        <source>Which app? Akana needs the app&apos;s AppID.</source>
        <translation>Welche App? Akana braucht die AppID der App.</translation>
    </message>
    <message>
        <source>Listing versions of %1</source>
        <translation>Versionen von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the app versions</source>
        <translation>die App-Versionen</translation>
    </message>
    <message>
        <source>Choose the Akana app by its AppID; Akana apps are not matched by package id.</source>
        <translation>Wählen Sie die Akana-App über ihre AppID; Akana-Apps werden nicht über die Paket-ID zugeordnet.</translation>
    </message>
    <message>
        <source>The Akana version needs a name: give a version name.</source>
        <translation>Die Akana-Version braucht einen Namen: Geben Sie einen Versionsnamen an.</translation>
    </message>
    <message>
        <source>Adding version %1 to %2</source>
        <translation>Version %1 wird zu %2 hinzugefügt</translation>
    </message>
    <message>
        <source>the app version</source>
        <translation>die App-Version</translation>
    </message>
    <message>
        <source>Reading version %1</source>
        <translation>Version %1 wird gelesen</translation>
    </message>
    <message>
        <source>Modifying version %1</source>
        <translation>Version %1 wird geändert</translation>
    </message>
    <message>
        <source>Renewing the session</source>
        <translation>Sitzung wird erneuert</translation>
    </message>
    <message>
        <source>The version was saved, but renewing the session failed: %1</source>
        <translation>Die Version wurde gespeichert, aber das Erneuern der Sitzung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Deleting version %1</source>
        <translation>Version %1 wird gelöscht</translation>
    </message>
    <message>
        <source>%1 is the only version of %2; Akana would delete the whole app. Add the new version first, then delete this one.</source>
        <translation>%1 ist die einzige Version von %2; Akana würde die ganze App löschen. Fügen Sie zuerst die neue Version hinzu und löschen Sie dann diese.</translation>
    </message>
    <message>
        <source>The version&apos;s Description.</source>
        <translation>Die Beschreibung der Version.</translation>
    </message>
    <message>
        <source>Comma-separated tags (Tag).</source>
        <translation>Kommagetrennte Tags (Tag).</translation>
    </message>
    <message>
        <source>Which version? Give its AppVersionID.</source>
        <translation>Welche Version? Geben Sie ihre AppVersionID an.</translation>
    </message>
    <message>
        <source>Akana cannot edit %1; it can edit notes, label, name, visibility and initial-environment.</source>
        <translation>Akana kann %1 nicht bearbeiten; bearbeitbar sind notes, label, name, visibility und initial-environment.</translation>
    </message>
    <message>
        <source>%1 cannot be empty.</source>
        <translation>%1 darf nicht leer sein.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Nichts zu ändern.</translation>
    </message>
</context>
<context>
    <name>Slipway::AkanaSession</name>
    <message>
        <source>The Akana platform cannot be reached: no HTTP client was given to the provider.</source>
        <translation>Die Akana-Plattform ist nicht erreichbar: Dem Anbieter wurde kein HTTP-Client übergeben.</translation>
    </message>
    <message>
        <source>No keychain is available to read the Akana password.</source>
        <translation>Kein Schlüsselbund verfügbar, um das Akana-Passwort zu lesen.</translation>
    </message>
    <message>
        <source>The account %1 has no e-mail address (email).</source>
        <translation>Das Konto %1 hat keine E-Mail-Adresse (email).</translation>
    </message>
    <message>
        <source>The account %1 has no base URL; Akana needs the tenant&apos;s address (https://host).</source>
        <translation>Das Konto %1 hat keine Basis-URL; Akana braucht die Adresse des Mandanten (https://host).</translation>
    </message>
    <message>
        <source>Akana password</source>
        <translation>Akana-Passwort</translation>
    </message>
    <message>
        <source>the login</source>
        <translation>die Anmeldung</translation>
    </message>
    <message>
        <source>The Akana platform did not accept the e-mail address and password of %1.</source>
        <translation>Die Akana-Plattform hat E-Mail-Adresse und Passwort von %1 nicht akzeptiert.</translation>
    </message>
    <message>
        <source>The Akana platform accepted the login but started no session (no AtmoAuthToken cookie); is the base URL the tenant&apos;s portal address?</source>
        <translation>Die Akana-Plattform hat die Anmeldung akzeptiert, aber keine Sitzung begonnen (kein AtmoAuthToken-Cookie); ist die Basis-URL die Portaladresse des Mandanten?</translation>
    </message>
    <message>
        <source>the session renewal</source>
        <translation>die Sitzungserneuerung</translation>
    </message>
</context>
<context>
    <name>Slipway::AllAccountsJob</name>
    <message>
        <source>Which app? Give its package or bundle id to list its versions in every account.</source>
        <translation>Welche App? Geben Sie ihre Paket- oder Bundle-ID an, um ihre Versionen in jedem Konto aufzulisten.</translation>
    </message>
    <message>
        <source>No connected account has an app with the id %1.</source>
        <translation>Kein verbundenes Konto hat eine App mit der ID %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) could not be searched.</source>
        <translation>
            <numerusform>%n Konto konnte nicht durchsucht werden.</numerusform>
            <numerusform>%n Konten konnten nicht durchsucht werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching %1 for %2</source>
        <translation>%1 wird nach %2 durchsucht</translation>
    </message>
</context>
<context>
    <name>Slipway::AndroidManifest</name>
    <message>
        <source>The Android manifest&apos;s root element is &lt;%1&gt;, not &lt;manifest&gt;.</source>
        <translation>Das Wurzelelement des Android-Manifests ist &lt;%1&gt;, nicht &lt;manifest&gt;.</translation>
    </message>
    <message>
        <source>The Android manifest names no package.</source>
        <translation>Das Android-Manifest nennt kein Paket.</translation>
    </message>
</context>
<context>
    <name>Slipway::AndroidWarnings</name>
    <message>
        <source>The build is debuggable (android:debuggable=&quot;true&quot;): Google Play rejects it and anyone with the device can attach a debugger.</source>
        <translation>Der Build ist debugfähig (android:debuggable=&quot;true&quot;): Google Play lehnt ihn ab, und jeder mit dem Gerät kann einen Debugger anhängen.</translation>
    </message>
    <message>
        <source>The APK is not signed: Android refuses to install it.</source>
        <translation>Die APK ist nicht signiert: Android verweigert die Installation.</translation>
    </message>
    <message>
        <source>The bundle is not signed: Google Play requires it to be signed with the upload key.</source>
        <translation>Das Bundle ist nicht signiert: Google Play verlangt eine Signatur mit dem Upload-Schlüssel.</translation>
    </message>
    <message>
        <source>The signature is damaged or unreadable: %1</source>
        <translation>Die Signatur ist beschädigt oder unlesbar: %1</translation>
    </message>
    <message>
        <source>Signed with the Android debug certificate (%1): stores reject debug-signed builds.</source>
        <translation>Mit dem Android-Debug-Zertifikat signiert (%1): Stores lehnen debug-signierte Builds ab.</translation>
    </message>
    <message>
        <source>The signing certificate (%1) expired on %2.</source>
        <translation>Das Signaturzertifikat (%1) ist am %2 abgelaufen.</translation>
    </message>
    <message>
        <source>Signed with v1 (JAR) signing only, but min SDK %1 / target SDK %2 needs APK Signature Scheme v2 or later (Android 11 refuses v1-only apps targeting API 30+).</source>
        <translation>Nur mit v1 (JAR) signiert, aber min SDK %1 / target SDK %2 verlangt APK Signature Scheme v2 oder neuer (Android 11 lehnt reine v1-Apps mit Ziel-API 30+ ab).</translation>
    </message>
    <message>
        <source>Signed with APK Signature Scheme v2/v3 only, but min SDK is %1: devices before Android 7.0 (API 24) need a v1 signature and will refuse to install it.</source>
        <translation>Nur mit APK Signature Scheme v2/v3 signiert, aber das min SDK ist %1: Geräte vor Android 7.0 (API 24) brauchen eine v1-Signatur und verweigern die Installation.</translation>
    </message>
    <message>
        <source>Native code for %1 has no %2 counterpart: Google Play requires 64-bit libraries and 64-bit-only devices cannot run it.</source>
        <translation>Nativer Code für %1 hat kein %2-Gegenstück: Google Play verlangt 64-Bit-Bibliotheken, und reine 64-Bit-Geräte können ihn nicht ausführen.</translation>
    </message>
</context>
<context>
    <name>Slipway::ApkReader</name>
    <message>
        <source>Data precedes the first zip entry (as in the Janus attack, CVE-2017-13156): Android refuses to install this APK.</source>
        <translation>Vor dem ersten Zip-Eintrag stehen Daten (wie beim Janus-Angriff, CVE-2017-13156): Android verweigert die Installation dieser APK.</translation>
    </message>
    <message>
        <source>An entry name contains a NUL character: Android refuses to install this APK.</source>
        <translation>Ein Eintragsname enthält ein NUL-Zeichen: Android verweigert die Installation dieser APK.</translation>
    </message>
    <message>
        <source>The APK&apos;s AndroidManifest.xml cannot be read: %1</source>
        <translation>Die AndroidManifest.xml der APK kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Slipway::ApkSigning</name>
    <message>
        <source>%1 has no matching .SF file.</source>
        <translation>%1 hat keine passende .SF-Datei.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the PKCS#7 signature block cannot be parsed</source>
        <translation>der PKCS#7-Signaturblock kann nicht geparst werden</translation>
    </message>
    <message>
        <source>the PKCS#7 block is not SignedData</source>
        <translation>der PKCS#7-Block ist kein SignedData</translation>
    </message>
    <message>
        <source>a signer&apos;s certificate is not in the PKCS#7 certificate set</source>
        <translation>das Zertifikat eines Signierers ist nicht in der PKCS#7-Zertifikatsmenge</translation>
    </message>
    <message>
        <source>the PKCS#7 block has no signer</source>
        <translation>der PKCS#7-Block hat keinen Signierer</translation>
    </message>
    <message>
        <source>the APK Signing Block is too short</source>
        <translation>der APK Signing Block ist zu kurz</translation>
    </message>
    <message>
        <source>the APK Signing Block&apos;s two size fields disagree</source>
        <translation>die beiden Größenfelder des APK Signing Block widersprechen sich</translation>
    </message>
    <message>
        <source>the APK Signing Block ends inside a pair header</source>
        <translation>der APK Signing Block endet innerhalb eines Paar-Headers</translation>
    </message>
    <message>
        <source>an APK Signing Block pair has an impossible length</source>
        <translation>ein Paar des APK Signing Block hat eine unmögliche Länge</translation>
    </message>
    <message>
        <source>the APK Signing Block has too many pairs</source>
        <translation>der APK Signing Block hat zu viele Paare</translation>
    </message>
    <message>
        <source>the signer list is truncated</source>
        <translation>die Signiererliste ist abgeschnitten</translation>
    </message>
    <message>
        <source>a signer record is truncated</source>
        <translation>ein Signierer-Eintrag ist abgeschnitten</translation>
    </message>
    <message>
        <source>The APK Signing Block declares an impossible size (%1 bytes).</source>
        <translation>Der APK Signing Block gibt eine unmögliche Größe an (%1 Bytes).</translation>
    </message>
    <message>
        <source>the APK Signing Block is truncated</source>
        <translation>der APK Signing Block ist abgeschnitten</translation>
    </message>
    <message>
        <source>The APK Signing Block is malformed: %1.</source>
        <translation>Der APK Signing Block ist fehlerhaft: %1.</translation>
    </message>
    <message>
        <source>A %1 signer certificate cannot be parsed.</source>
        <translation>Ein %1-Signiererzertifikat kann nicht geparst werden.</translation>
    </message>
    <message>
        <source>The %1 signature is malformed: %2.</source>
        <translation>Die %1-Signatur ist fehlerhaft: %2.</translation>
    </message>
    <message>
        <source>The v1 signature says the APK was also signed with APK Signature Scheme v%1, but that signature is missing (stripped): Android refuses to install it.</source>
        <translation>Die v1-Signatur besagt, dass die APK auch mit APK Signature Scheme v%1 signiert wurde, aber diese Signatur fehlt (entfernt): Android verweigert die Installation.</translation>
    </message>
</context>
<context>
    <name>Slipway::ApkVerify</name>
    <message>
        <source>unknown signature algorithm 0x%1</source>
        <translation>unbekannter Signaturalgorithmus 0x%1</translation>
    </message>
    <message>
        <source>the public key cannot be parsed</source>
        <translation>der öffentliche Schlüssel kann nicht geparst werden</translation>
    </message>
    <message>
        <source>the key does not suit the algorithm</source>
        <translation>der Schlüssel passt nicht zum Algorithmus</translation>
    </message>
    <message>
        <source>the key does not suit RSASSA-PSS</source>
        <translation>der Schlüssel passt nicht zu RSASSA-PSS</translation>
    </message>
    <message>
        <source>the signature does not match the key</source>
        <translation>die Signatur passt nicht zum Schlüssel</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the APK Signing Block is malformed: %1</source>
        <translation>der APK Signing Block ist fehlerhaft: %1</translation>
    </message>
    <message>
        <source>the central directory is not immediately followed by the end of central directory record, so the APK Signature Scheme digests cannot cover the archive</source>
        <translation>auf das zentrale Verzeichnis folgt nicht unmittelbar der End-of-Central-Directory-Eintrag, daher können die Digests des APK Signature Scheme das Archiv nicht abdecken</translation>
    </message>
    <message>
        <source>not checked: every platform this APK supports (API %1+) verifies v3 instead</source>
        <translation>nicht geprüft: Jede Plattform, die diese APK unterstützt (API %1+), prüft stattdessen v3</translation>
    </message>
    <message>
        <source>the v3 signers do not cover every platform from API %1 on (covered up to %2)</source>
        <translation>die v3-Signierer decken nicht jede Plattform ab API %1 ab (abgedeckt bis %2)</translation>
    </message>
    <message>
        <source>missing: devices before Android 7.0 (API 24) need a v1 signature and the min SDK is %1</source>
        <translation>fehlt: Geräte vor Android 7.0 (API 24) brauchen eine v1-Signatur, und das min SDK ist %1</translation>
    </message>
    <message>
        <source>not checked: every platform this APK supports (API %1+) verifies a newer scheme</source>
        <translation>nicht geprüft: Jede Plattform, die diese APK unterstützt (API %1+), prüft ein neueres Schema</translation>
    </message>
    <message>
        <source>the v1 signature says the APK was also signed with APK Signature Scheme v%1, but that signature is missing (stripped)</source>
        <translation>die v1-Signatur besagt, dass die APK auch mit APK Signature Scheme v%1 signiert wurde, aber diese Signatur fehlt (entfernt)</translation>
    </message>
    <message>
        <source>the v2 signature says the APK was also signed with APK Signature Scheme v3, but that signature is missing (stripped)</source>
        <translation>die v2-Signatur besagt, dass die APK auch mit APK Signature Scheme v3 signiert wurde, aber diese Signatur fehlt (entfernt)</translation>
    </message>
    <message>
        <source>the v1 and v2 signatures are by different signers</source>
        <translation>die v1- und v2-Signaturen stammen von verschiedenen Signierern</translation>
    </message>
    <message>
        <source>the v2 signer is not the oldest signer of the v3 signature&apos;s lineage</source>
        <translation>der v2-Signierer ist nicht der älteste Signierer in der Abstammung der v3-Signatur</translation>
    </message>
    <message>
        <source>The signature does not verify (%1): Android refuses to install this APK.</source>
        <translation>Die Signatur lässt sich nicht verifizieren (%1): Android verweigert die Installation dieser APK.</translation>
    </message>
    <message>
        <source>The bundle&apos;s JAR signature does not verify (%1): Google Play rejects it.</source>
        <translation>Die JAR-Signatur des Bundles lässt sich nicht verifizieren (%1): Google Play lehnt es ab.</translation>
    </message>
    <message>
        <source>the rotation lineage has an unknown version</source>
        <translation>die Rotationsabstammung hat eine unbekannte Version</translation>
    </message>
    <message>
        <source>the rotation lineage is truncated</source>
        <translation>die Rotationsabstammung ist abgeschnitten</translation>
    </message>
    <message>
        <source>the rotation lineage names two different algorithms for one step</source>
        <translation>die Rotationsabstammung nennt zwei verschiedene Algorithmen für einen Schritt</translation>
    </message>
    <message>
        <source>a rotation step is not signed by the previous key: %1</source>
        <translation>ein Rotationsschritt ist nicht mit dem vorherigen Schlüssel signiert: %1</translation>
    </message>
    <message>
        <source>the rotation lineage repeats a certificate</source>
        <translation>die Rotationsabstammung wiederholt ein Zertifikat</translation>
    </message>
    <message>
        <source>a rotation lineage certificate cannot be parsed</source>
        <translation>ein Zertifikat der Rotationsabstammung kann nicht geparst werden</translation>
    </message>
    <message>
        <source>the rotation lineage is empty</source>
        <translation>die Rotationsabstammung ist leer</translation>
    </message>
    <message>
        <source>a signer&apos;s signature over its signed data does not verify (%1)</source>
        <translation>die Signatur eines Signierers über seine signierten Daten lässt sich nicht verifizieren (%1)</translation>
    </message>
    <message>
        <source>no signer signature uses an algorithm Slipway knows</source>
        <translation>keine Signierersignatur verwendet einen Algorithmus, den Slipway kennt</translation>
    </message>
    <message>
        <source>a signer&apos;s signed data is truncated</source>
        <translation>die signierten Daten eines Signierers sind abgeschnitten</translation>
    </message>
    <message>
        <source>a signer&apos;s SDK range differs between its record and its signed data</source>
        <translation>der SDK-Bereich eines Signierers unterscheidet sich zwischen seinem Eintrag und seinen signierten Daten</translation>
    </message>
    <message>
        <source>a signer&apos;s SDK range is empty (%1 &gt; %2)</source>
        <translation>der SDK-Bereich eines Signierers ist leer (%1 &gt; %2)</translation>
    </message>
    <message>
        <source>a signer&apos;s additional attributes are truncated</source>
        <translation>die zusätzlichen Attribute eines Signierers sind abgeschnitten</translation>
    </message>
    <message>
        <source>a signer has no certificate</source>
        <translation>ein Signierer hat kein Zertifikat</translation>
    </message>
    <message>
        <source>a signer&apos;s certificate cannot be parsed</source>
        <translation>das Zertifikat eines Signierers kann nicht geparst werden</translation>
    </message>
    <message>
        <source>a signer&apos;s public key is not the one in its certificate</source>
        <translation>der öffentliche Schlüssel eines Signierers ist nicht der in seinem Zertifikat</translation>
    </message>
    <message>
        <source>a signer&apos;s digest list is truncated</source>
        <translation>die Digest-Liste eines Signierers ist abgeschnitten</translation>
    </message>
    <message>
        <source>the content digest does not match: the APK was changed after signing</source>
        <translation>der Inhalts-Digest stimmt nicht: Die APK wurde nach dem Signieren verändert</translation>
    </message>
    <message>
        <source>the signature algorithms differ between the digests and the signatures records</source>
        <translation>die Signaturalgorithmen unterscheiden sich zwischen den Digest- und den Signatureinträgen</translation>
    </message>
    <message>
        <source>no content digest could be checked (only verity digests)</source>
        <translation>kein Inhalts-Digest konnte geprüft werden (nur Verity-Digests)</translation>
    </message>
    <message>
        <source>the rotation lineage does not end with the signer&apos;s certificate</source>
        <translation>die Rotationsabstammung endet nicht mit dem Zertifikat des Signierers</translation>
    </message>
    <message>
        <source>the APK cannot be read again to check its content digest: %1</source>
        <translation>die APK kann nicht erneut gelesen werden, um ihren Inhalts-Digest zu prüfen: %1</translation>
    </message>
    <message>
        <source>the end of central directory record cannot be read</source>
        <translation>der End-of-Central-Directory-Eintrag kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>the APK cannot be read: %1</source>
        <translation>die APK kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>the APK ends early while its content digest is checked</source>
        <translation>die APK endet vorzeitig, während ihr Inhalts-Digest geprüft wird</translation>
    </message>
    <message>
        <source>the signer list is truncated</source>
        <translation>die Signiererliste ist abgeschnitten</translation>
    </message>
    <message>
        <source>too many signers</source>
        <translation>zu viele Signierer</translation>
    </message>
    <message>
        <source>a signer record is truncated</source>
        <translation>ein Signierer-Eintrag ist abgeschnitten</translation>
    </message>
    <message>
        <source>a signer&apos;s signature list is truncated</source>
        <translation>die Signaturliste eines Signierers ist abgeschnitten</translation>
    </message>
    <message>
        <source>a signer has no signature</source>
        <translation>ein Signierer hat keine Signatur</translation>
    </message>
    <message>
        <source>the %1 block has no signer</source>
        <translation>der %1-Block hat keinen Signierer</translation>
    </message>
    <message>
        <source>a continuation line has no attribute to continue</source>
        <translation>eine Fortsetzungszeile hat kein Attribut, das sie fortsetzt</translation>
    </message>
    <message>
        <source>a line is not &quot;Name: value&quot;</source>
        <translation>eine Zeile hat nicht die Form „Name: Wert“</translation>
    </message>
    <message>
        <source>the PKCS#7 signature block cannot be parsed</source>
        <translation>der PKCS#7-Signaturblock kann nicht geparst werden</translation>
    </message>
    <message>
        <source>the PKCS#7 signature over the .SF file does not verify</source>
        <translation>die PKCS#7-Signatur über die .SF-Datei lässt sich nicht verifizieren</translation>
    </message>
    <message>
        <source>the PKCS#7 block has no signer</source>
        <translation>der PKCS#7-Block hat keinen Signierer</translation>
    </message>
    <message>
        <source>%1 is malformed: %2</source>
        <translation>%1 ist fehlerhaft: %2</translation>
    </message>
    <message>
        <source>%1 does not match the main section of META-INF/MANIFEST.MF</source>
        <translation>%1 passt nicht zum Hauptabschnitt von META-INF/MANIFEST.MF</translation>
    </message>
    <message>
        <source>%1 names %2, which META-INF/MANIFEST.MF does not list</source>
        <translation>%1 nennt %2, das META-INF/MANIFEST.MF nicht aufführt</translation>
    </message>
    <message>
        <source>%1&apos;s digest of the manifest section of %2 does not match (the manifest was changed after signing)</source>
        <translation>der Digest von %1 über den Manifestabschnitt von %2 stimmt nicht (das Manifest wurde nach dem Signieren verändert)</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF is missing</source>
        <translation>META-INF/MANIFEST.MF fehlt</translation>
    </message>
    <message>
        <source>there is no JAR signature (no META-INF/*.SF with its .RSA/.DSA/.EC block)</source>
        <translation>es gibt keine JAR-Signatur (keine META-INF/*.SF mit ihrem .RSA/.DSA/.EC-Block)</translation>
    </message>
    <message>
        <source>the archive has duplicate entry names (%1)</source>
        <translation>das Archiv hat doppelte Eintragsnamen (%1)</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF is malformed: %1</source>
        <translation>META-INF/MANIFEST.MF ist fehlerhaft: %1</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF has a section without a Name</source>
        <translation>META-INF/MANIFEST.MF hat einen Abschnitt ohne Name</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF lists %1 twice</source>
        <translation>META-INF/MANIFEST.MF führt %1 zweimal auf</translation>
    </message>
    <message>
        <source>%1 has no digest in META-INF/MANIFEST.MF (added after signing?)</source>
        <translation>%1 hat keinen Digest in META-INF/MANIFEST.MF (nach dem Signieren hinzugefügt?)</translation>
    </message>
    <message>
        <source>%1 is not signed by %2</source>
        <translation>%1 ist nicht von %2 signiert</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF names no known digest for %1</source>
        <translation>META-INF/MANIFEST.MF nennt keinen bekannten Digest für %1</translation>
    </message>
    <message>
        <source>%1 does not match its digest in META-INF/MANIFEST.MF (changed after signing)</source>
        <translation>%1 passt nicht zu seinem Digest in META-INF/MANIFEST.MF (nach dem Signieren verändert)</translation>
    </message>
    <message>
        <source>META-INF/MANIFEST.MF lists %1, which is not in the archive</source>
        <translation>META-INF/MANIFEST.MF führt %1 auf, das nicht im Archiv ist</translation>
    </message>
</context>
<context>
    <name>Slipway::AppStoreConnectProvider</name>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Apple platform of the build; default: from the package (IOS for .ipa, MAC_OS for .pkg).</source>
        <translation>Apple-Plattform des Builds; Standard: aus dem Paket (IOS für .ipa, MAC_OS für .pkg).</translation>
    </message>
    <message>
        <source>Wait for processing</source>
        <translation>Auf die Verarbeitung warten</translation>
    </message>
    <message>
        <source>Follow the upload and the build&apos;s processing until VALID (default true); false stops after the upload is committed.</source>
        <translation>Den Upload und die Verarbeitung des Builds bis VALID verfolgen (Standard true); false hört auf, sobald der Upload festgeschrieben ist.</translation>
    </message>
    <message>
        <source>App Store version</source>
        <translation>App-Store-Version</translation>
    </message>
    <message>
        <source>Attach the processed build to this App Store version (e.g. 1.2.0), creating it when it does not exist yet.</source>
        <translation>Den verarbeiteten Build an diese App-Store-Version (z. B. 1.2.0) anhängen und sie anlegen, wenn es sie noch nicht gibt.</translation>
    </message>
    <message>
        <source>Copyright</source>
        <translation>Copyright</translation>
    </message>
    <message>
        <source>Copyright of the App Store version (with app-store-version).</source>
        <translation>Copyright der App-Store-Version (mit app-store-version).</translation>
    </message>
    <message>
        <source>Release type</source>
        <translation>Freigabeart</translation>
    </message>
    <message>
        <source>How the App Store version is released after approval (with app-store-version).</source>
        <translation>Wie die App-Store-Version nach der Genehmigung freigegeben wird (mit app-store-version).</translation>
    </message>
    <message>
        <source>Earliest release date</source>
        <translation>Frühestes Freigabedatum</translation>
    </message>
    <message>
        <source>ISO 8601 date-time for release-type SCHEDULED, e.g. 2026-12-01T08:00:00Z.</source>
        <translation>ISO-8601-Datum mit Uhrzeit für release-type SCHEDULED, z. B. 2026-12-01T08:00:00Z.</translation>
    </message>
    <message>
        <source>Listing apps in App Store Connect</source>
        <translation>Apps in App Store Connect werden aufgelistet</translation>
    </message>
    <message>
        <source>the apps</source>
        <translation>die Apps</translation>
    </message>
    <message>
        <source>Which app? App Store Connect needs the app&apos;s ID.</source>
        <translation>Welche App? App Store Connect braucht die ID der App.</translation>
    </message>
    <message>
        <source>Listing App Store versions and builds of %1</source>
        <translation>App-Store-Versionen und Builds von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the App Store versions</source>
        <translation>die App-Store-Versionen</translation>
    </message>
    <message>
        <source>the builds</source>
        <translation>die Builds</translation>
    </message>
    <message>
        <source>No file to upload.</source>
        <translation>Keine Datei zum Hochladen.</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 existiert nicht oder ist keine Datei.</translation>
    </message>
    <message>
        <source>App Store Connect accepts .ipa (iOS, tvOS, visionOS) and .pkg (macOS) builds; %1 is neither.</source>
        <translation>App Store Connect nimmt .ipa- (iOS, tvOS, visionOS) und .pkg-Builds (macOS) an; %1 ist keins von beiden.</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <source>%1 is not an App Store Connect platform (IOS, MAC_OS, TV_OS, VISION_OS).</source>
        <translation>%1 ist keine App-Store-Connect-Plattform (IOS, MAC_OS, TV_OS, VISION_OS).</translation>
    </message>
    <message>
        <source>The version (CFBundleShortVersionString) and build number (CFBundleVersion) of %1 are unknown; give the version name and the version code.</source>
        <translation>Version (CFBundleShortVersionString) und Build-Nummer (CFBundleVersion) von %1 sind unbekannt; geben Sie den Versionsnamen und den Versionscode an.</translation>
    </message>
    <message>
        <source>Attaching the build to an App Store version needs the processed build: leave wait on.</source>
        <translation>Zum Anhängen des Builds an eine App-Store-Version wird der verarbeitete Build gebraucht: Lassen Sie wait eingeschaltet.</translation>
    </message>
    <message>
        <source>Uploading %1 to App Store Connect</source>
        <translation>%1 wird zu App Store Connect hochgeladen</translation>
    </message>
    <message>
        <source>Which version? The version id is empty.</source>
        <translation>Welche Version? Die Versions-ID ist leer.</translation>
    </message>
    <message>
        <source>Looking up %1</source>
        <translation>%1 wird nachgeschlagen</translation>
    </message>
    <message>
        <source>the build</source>
        <translation>der Build</translation>
    </message>
    <message>
        <source>Expiring build %1</source>
        <translation>Build %1 wird abgelaufen gesetzt</translation>
    </message>
    <message>
        <source>Deleting App Store version %1</source>
        <translation>App-Store-Version %1 wird gelöscht</translation>
    </message>
    <message>
        <source>the App Store version</source>
        <translation>die App-Store-Version</translation>
    </message>
    <message>
        <source>Creating App Store version %1</source>
        <translation>App-Store-Version %1 wird angelegt</translation>
    </message>
    <message>
        <source>Updating App Store version %1</source>
        <translation>App-Store-Version %1 wird aktualisiert</translation>
    </message>
    <message>
        <source>Attaching build %1</source>
        <translation>Build %1 wird angehängt</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>The App Store version&apos;s version string, e.g. 1.2.0.</source>
        <translation>Die Versionszeichenkette der App-Store-Version, z. B. 1.2.0.</translation>
    </message>
    <message>
        <source>What&apos;s new</source>
        <translation>Neuigkeiten</translation>
    </message>
    <message>
        <source>The App Store version&apos;s &quot;What&apos;s New in This Version&quot; text (appStoreVersionLocalizations whatsNew).</source>
        <translation>Der Text „Neuigkeiten dieser Version“ der App-Store-Version (appStoreVersionLocalizations whatsNew).</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Which language&apos;s &quot;what&apos;s new&quot; to change, e.g. en-US; needed when the version has several.</source>
        <translation>In welcher Sprache die Neuigkeiten geändert werden, z. B. en-US; nötig, wenn die Version mehrere hat.</translation>
    </message>
    <message>
        <source>App Store Connect versions have no label; the version string, copyright, release type, earliest release date and &quot;what&apos;s new&quot; can be edited.</source>
        <translation>App-Store-Connect-Versionen haben keine Kennzeichnung; bearbeitet werden können Versionszeichenkette, Copyright, Freigabeart, frühestes Freigabedatum und Neuigkeiten.</translation>
    </message>
    <message>
        <source>App Store Connect cannot edit %1 here; it can edit notes (what&apos;s new), %2.</source>
        <translation>App Store Connect kann %1 hier nicht bearbeiten; bearbeitbar sind notes (Neuigkeiten), %2.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Nichts zu ändern.</translation>
    </message>
    <message>
        <source>Looking up the languages of version %1</source>
        <translation>Die Sprachen von Version %1 werden nachgeschlagen</translation>
    </message>
    <message>
        <source>the App Store version&apos;s languages</source>
        <translation>die Sprachen der App-Store-Version</translation>
    </message>
    <message>
        <source>App Store version %1 has no language to write &quot;what&apos;s new&quot; in.</source>
        <translation>App-Store-Version %1 hat keine Sprache, in der die Neuigkeiten geschrieben werden können.</translation>
    </message>
    <message>
        <source>App Store version %1 has no %2 localization.</source>
        <translation>App-Store-Version %1 hat keine Lokalisierung %2.</translation>
    </message>
    <message>
        <source>App Store version %1 has several languages (%2): choose one with locale.</source>
        <translation>App-Store-Version %1 hat mehrere Sprachen (%2): Wählen Sie eine mit locale.</translation>
    </message>
    <message>
        <source>Updating what&apos;s new (%1)</source>
        <translation>Neuigkeiten werden aktualisiert (%1)</translation>
    </message>
    <message>
        <source>the App Store version&apos;s &quot;what&apos;s new&quot;</source>
        <translation>die Neuigkeiten der App-Store-Version</translation>
    </message>
    <message>
        <source>Apple&apos;s App Store Connect: Slipway lists your apps, App Store versions and builds, uploads .ipa and .pkg builds and attaches them to App Store versions.</source>
        <translation>Apples App Store Connect: Slipway listet Ihre Apps, App-Store-Versionen und Builds auf, lädt .ipa- und .pkg-Builds hoch und hängt sie an App-Store-Versionen an.</translation>
    </message>
    <message>
        <source>Issuer ID</source>
        <translation>Aussteller-ID</translation>
    </message>
    <message>
        <source>The issuer ID (a UUID) from Users and Access &gt; Integrations; empty for an individual key.</source>
        <translation>Die Aussteller-ID (eine UUID) aus Benutzer und Zugriff &gt; Integrationen; leer bei einem individuellen Schlüssel.</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>The ID of the App Store Connect API key, e.g. 2X9R4HXF34.</source>
        <translation>Die ID des App-Store-Connect-API-Schlüssels, z. B. 2X9R4HXF34.</translation>
    </message>
    <message>
        <source>Private key (.p8)</source>
        <translation>Privater Schlüssel (.p8)</translation>
    </message>
    <message>
        <source>The contents of the AuthKey_&lt;key ID&gt;.p8 file (an EC P-256 private key in PEM form); kept only in the OS keychain.</source>
        <translation>Der Inhalt der Datei AuthKey_&lt;Schlüssel-ID&gt;.p8 (ein privater EC-P-256-Schlüssel im PEM-Format); wird nur im Schlüsselbund des Betriebssystems aufbewahrt.</translation>
    </message>
    <message>
        <source>API keys (*.p8 *.pem)</source>
        <translation>API-Schlüssel (*.p8 *.pem)</translation>
    </message>
    <message>
        <source>App Store Connect does not offer downloads: Apple never hands a build back through its API. Testers install it with TestFlight.</source>
        <translation>App Store Connect bietet keine Downloads an: Apple gibt einen Build über seine API nie zurück. Tester installieren ihn mit TestFlight.</translation>
    </message>
</context>
<context>
    <name>Slipway::AppleReaders</name>
    <message>
        <source>The app icon %1 could not be read: %2</source>
        <translation>Das App-Symbol %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The app icon %1 holds no PNG image Slipway can show.</source>
        <translation>Das App-Symbol %1 enthält kein PNG-Bild, das Slipway anzeigen kann.</translation>
    </message>
    <message>
        <source>The app icon %1 could not be decoded: %2</source>
        <translation>Das App-Symbol %1 konnte nicht dekodiert werden: %2</translation>
    </message>
    <message>
        <source>The executable %1 named in Info.plist is not in the bundle.</source>
        <translation>Die in der Info.plist genannte ausführbare Datei %1 ist nicht im Bundle.</translation>
    </message>
    <message>
        <source>The executable %1 could not be read: %2</source>
        <translation>Die ausführbare Datei %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The executable %1 is not a valid Mach-O binary: %2</source>
        <translation>Die ausführbare Datei %1 ist keine gültige Mach-O-Binärdatei: %2</translation>
    </message>
    <message>
        <source>The provisioning profile of %1 is unreadable: %2</source>
        <translation>Das Provisioning-Profil von %1 ist unlesbar: %2</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a dictionary.</source>
        <translation>%1 ist kein Dictionary.</translation>
    </message>
    <message>
        <source>Info.plist has no CFBundleIdentifier; no store accepts this bundle.</source>
        <translation>Die Info.plist hat keinen CFBundleIdentifier; kein Store nimmt dieses Bundle an.</translation>
    </message>
    <message>
        <source>no Payload/&lt;Name&gt;.app/ folder</source>
        <translation>kein Ordner Payload/&lt;Name&gt;.app/</translation>
    </message>
    <message>
        <source>app bundle without Info.plist: %1</source>
        <translation>App-Bundle ohne Info.plist: %1</translation>
    </message>
    <message>
        <source>%1 is not a valid IPA: its app is at %2 instead of Payload/ at the archive root (zip the Payload folder itself, not the folder around it).</source>
        <translation>%1 ist keine gültige IPA: Ihre App liegt unter %2 statt unter Payload/ an der Wurzel des Archivs (packen Sie den Ordner Payload selbst, nicht den Ordner darum).</translation>
    </message>
    <message>
        <source>%1 is not a valid IPA: it has no Payload/&lt;Name&gt;.app/Info.plist at the archive root.</source>
        <translation>%1 ist keine gültige IPA: Sie hat keine Payload/&lt;Name&gt;.app/Info.plist an der Wurzel des Archivs.</translation>
    </message>
    <message>
        <source>The IPA holds %1 app bundles under Payload/; Slipway shows %2.</source>
        <translation>Die IPA enthält %1 App-Bundles unter Payload/; Slipway zeigt %2.</translation>
    </message>
    <message>
        <source>%1 holds no &lt;Name&gt;.app/Contents/Info.plist, so it is not a macOS app.</source>
        <translation>%1 enthält keine &lt;Name&gt;.app/Contents/Info.plist und ist daher keine macOS-App.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 is too large to be a provisioning profile.</source>
        <translation>%1 ist zu groß für ein Provisioning-Profil.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The %1 slice starts too far into the file.</source>
        <translation>Der Slice %1 beginnt zu weit hinten in der Datei.</translation>
    </message>
    <message>
        <source>Skipped: the archive needs more than %1 GiB inflated to reach its slices.</source>
        <translation>Übersprungen: Das Archiv müsste mehr als %1 GiB entpacken, um seine Slices zu erreichen.</translation>
    </message>
    <message>
        <source>%1 holds no readable dSYM: %2</source>
        <translation>%1 enthält kein lesbares dSYM: %2</translation>
    </message>
    <message>
        <source>%1 holds no &lt;Name&gt;.dSYM/Contents/Resources/DWARF/ file.</source>
        <translation>%1 enthält keine Datei &lt;Name&gt;.dSYM/Contents/Resources/DWARF/.</translation>
    </message>
    <message>
        <source>Some debug symbol files could not be read: %1</source>
        <translation>Einige Debug-Symboldateien konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Slipway::AppleWarnings</name>
    <message>
        <source>The IPA has no embedded.mobileprovision: it cannot be installed on devices or uploaded until it is re-signed (App Store downloads and simulator builds look like this).</source>
        <translation>Die IPA hat keine embedded.mobileprovision: Sie kann nicht auf Geräten installiert oder hochgeladen werden, bis sie neu signiert ist (App-Store-Downloads und Simulator-Builds sehen so aus).</translation>
    </message>
    <message>
        <source>The provisioning profile of the app extension %1 expired on %2; the app will not install.</source>
        <translation>Das Provisioning-Profil der App-Erweiterung %1 ist am %2 abgelaufen; die App lässt sich nicht installieren.</translation>
    </message>
    <message>
        <source>The provisioning profile of the app extension %1 expires on %2.</source>
        <translation>Das Provisioning-Profil der App-Erweiterung %1 läuft am %2 ab.</translation>
    </message>
    <message>
        <source>The app extension %1 (%2) does not match its profile&apos;s application identifier %3.</source>
        <translation>Die App-Erweiterung %1 (%2) passt nicht zur Anwendungskennung %3 ihres Profils.</translation>
    </message>
    <message>
        <source>The provisioning profile &quot;%1&quot; expired on %2; the app will not install or launch.</source>
        <translation>Das Provisioning-Profil „%1“ ist am %2 abgelaufen; die App lässt sich nicht installieren oder starten.</translation>
    </message>
    <message numerus="yes">
        <source>The provisioning profile &quot;%1&quot; expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>Das Provisioning-Profil „%1“ läuft am %2 ab, in %n Tag.</numerusform>
            <numerusform>Das Provisioning-Profil „%1“ läuft am %2 ab, in %n Tagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The app is signed with the development profile &quot;%1&quot;: it installs only on its %n registered device(s), allows debugging (get-task-allow) and cannot be uploaded to the App Store.</source>
        <translation>
            <numerusform>Die App ist mit dem Entwicklungsprofil „%1“ signiert: Sie lässt sich nur auf dem %n registrierten Gerät installieren, erlaubt Debugging (get-task-allow) und kann nicht in den App Store hochgeladen werden.</numerusform>
            <numerusform>Die App ist mit dem Entwicklungsprofil „%1“ signiert: Sie lässt sich nur auf den %n registrierten Geräten installieren, erlaubt Debugging (get-task-allow) und kann nicht in den App Store hochgeladen werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>The provisioning profile &quot;%1&quot; allows debugging (get-task-allow), which a distribution build must not.</source>
        <translation>Das Provisioning-Profil „%1“ erlaubt Debugging (get-task-allow), was ein Distributions-Build nicht darf.</translation>
    </message>
    <message>
        <source>The bundle identifier %1 does not match the profile&apos;s application identifier %2; the app will not install.</source>
        <translation>Die Bundle-ID %1 passt nicht zur Anwendungskennung %2 des Profils; die App lässt sich nicht installieren.</translation>
    </message>
    <message>
        <source>Every developer certificate in the provisioning profile has expired (%1); nothing signed with it can be installed.</source>
        <translation>Jedes Entwicklerzertifikat im Provisioning-Profil ist abgelaufen (%1); nichts, was damit signiert ist, lässt sich installieren.</translation>
    </message>
    <message>
        <source>%1 of %2 developer certificates in the provisioning profile have expired (first: %3).</source>
        <translation>%1 von %2 Entwicklerzertifikaten im Provisioning-Profil sind abgelaufen (zuerst: %3).</translation>
    </message>
</context>
<context>
    <name>Slipway::Applivery</name>
    <message>
        <source>Applivery refused the token: check the account&apos;s Service Account token.</source>
        <translation>Applivery hat das Token abgelehnt: Prüfen Sie das Service-Account-Token des Kontos.</translation>
    </message>
    <message>
        <source>The token may not do this: give the service account the needed permission.</source>
        <translation>Das Token darf das nicht: Geben Sie dem Service-Account die nötige Berechtigung.</translation>
    </message>
    <message>
        <source>Applivery does not know this organization, app or build: check the ids.</source>
        <translation>Applivery kennt diese Organisation, App oder diesen Build nicht: Prüfen Sie die IDs.</translation>
    </message>
    <message>
        <source>Applivery rejected the request: check the fields and the file.</source>
        <translation>Applivery hat die Anfrage abgelehnt: Prüfen Sie die Felder und die Datei.</translation>
    </message>
    <message>
        <source>Applivery reports a conflict with an existing entry.</source>
        <translation>Applivery meldet einen Konflikt mit einem vorhandenen Eintrag.</translation>
    </message>
    <message>
        <source>Applivery is limiting requests: try again in a moment.</source>
        <translation>Applivery begrenzt die Anfragen: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Applivery had a server error: try again later.</source>
        <translation>Applivery hatte einen Serverfehler: Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>Applivery answered with an error.</source>
        <translation>Applivery hat mit einem Fehler geantwortet.</translation>
    </message>
    <message>
        <source>no items in the list</source>
        <translation>keine items in der Liste</translation>
    </message>
    <message>
        <source>the list is not an object</source>
        <translation>die Liste ist kein Objekt</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 with an HTML page instead of JSON.</source>
        <translation>Der Server hat mit HTTP %1 und einer HTML-Seite statt JSON geantwortet.</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>HTTP %1 with an empty body.</source>
        <translation>HTTP %1 mit leerem Inhalt.</translation>
    </message>
    <message>
        <source>the answer</source>
        <translation>die Antwort</translation>
    </message>
    <message>
        <source>no data member</source>
        <translation>kein data-Element</translation>
    </message>
    <message>
        <source>the app is not an object</source>
        <translation>die App ist kein Objekt</translation>
    </message>
    <message>
        <source>the app has no id</source>
        <translation>die App hat keine id</translation>
    </message>
    <message>
        <source>the build is not an object</source>
        <translation>der Build ist kein Objekt</translation>
    </message>
    <message>
        <source>the build has no id</source>
        <translation>der Build hat keine id</translation>
    </message>
    <message>
        <source>Applivery could not process build %1: check the package (see the processing log).</source>
        <translation>Applivery konnte Build %1 nicht verarbeiten: Prüfen Sie das Paket (siehe das Verarbeitungsprotokoll).</translation>
    </message>
    <message>
        <source>error code %1</source>
        <translation>Fehlercode %1</translation>
    </message>
    <message>
        <source>Applivery gave no processing log.</source>
        <translation>Applivery hat kein Verarbeitungsprotokoll geliefert.</translation>
    </message>
    <message>
        <source>Processing log:
%1</source>
        <translation>Verarbeitungsprotokoll:
%1</translation>
    </message>
    <message>
        <source>log: %1</source>
        <translation>Protokoll: %1</translation>
    </message>
    <message>
        <source>%1; log: %2</source>
        <translation>%1; Protokoll: %2</translation>
    </message>
    <message>
        <source>The filter must be a JSON array of arrays of group names, e.g. [[&quot;qa&quot;,&quot;ios&quot;],[&quot;beta&quot;]].</source>
        <translation>Der Filter muss ein JSON-Array aus Arrays von Gruppennamen sein, z. B. [[&quot;qa&quot;,&quot;ios&quot;],[&quot;beta&quot;]].</translation>
    </message>
</context>
<context>
    <name>Slipway::AppliveryProvider</name>
    <message>
        <source>Notification language</source>
        <translation>Sprache der Benachrichtigung</translation>
    </message>
    <message>
        <source>Language of the notification e-mail; empty uses the app&apos;s setting.</source>
        <translation>Sprache der Benachrichtigungs-E-Mail; leer verwendet die Einstellung der App.</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Comma-separated tags of the build, e.g. qa, rc.</source>
        <translation>Kommagetrennte Tags des Builds, z. B. qa, rc.</translation>
    </message>
    <message>
        <source>Notify collaborators</source>
        <translation>Mitwirkende benachrichtigen</translation>
    </message>
    <message>
        <source>E-mail the app&apos;s collaborators when the build is ready.</source>
        <translation>Die Mitwirkenden der App per E-Mail benachrichtigen, wenn der Build bereit ist.</translation>
    </message>
    <message>
        <source>Notify employees</source>
        <translation>Mitarbeiter benachrichtigen</translation>
    </message>
    <message>
        <source>E-mail the organization&apos;s employees who can install the build.</source>
        <translation>Die Mitarbeiter der Organisation per E-Mail benachrichtigen, die den Build installieren dürfen.</translation>
    </message>
    <message>
        <source>Notification message</source>
        <translation>Benachrichtigungstext</translation>
    </message>
    <message>
        <source>Text of the notification e-mail.</source>
        <translation>Text der Benachrichtigungs-E-Mail.</translation>
    </message>
    <message>
        <source>Groups to notify</source>
        <translation>Zu benachrichtigende Gruppen</translation>
    </message>
    <message>
        <source>Groups that get the build: &quot;a,b;c&quot; means (a AND b) OR c; a JSON array like [[&quot;a&quot;,&quot;b&quot;],[&quot;c&quot;]] is sent as is.</source>
        <translation>Gruppen, die den Build bekommen: „a,b;c“ bedeutet (a UND b) ODER c; ein JSON-Array wie [[&quot;a&quot;,&quot;b&quot;],[&quot;c&quot;]] wird unverändert gesendet.</translation>
    </message>
    <message>
        <source>Create the app</source>
        <translation>App anlegen</translation>
    </message>
    <message>
        <source>Create the app in the organization when no app has the package&apos;s name.</source>
        <translation>Die App in der Organisation anlegen, wenn keine App den Namen des Pakets hat.</translation>
    </message>
    <message>
        <source>Wait for processing</source>
        <translation>Auf die Verarbeitung warten</translation>
    </message>
    <message>
        <source>Wait until Applivery has processed the build and report its processing errors.</source>
        <translation>Warten, bis Applivery den Build verarbeitet hat, und seine Verarbeitungsfehler melden.</translation>
    </message>
    <message>
        <source>the apps</source>
        <translation>die Apps</translation>
    </message>
    <message>
        <source>Listing the apps of Applivery organization %1</source>
        <translation>Die Apps der Applivery-Organisation %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>Which Applivery app? The app id is empty.</source>
        <translation>Welche Applivery-App? Die App-ID ist leer.</translation>
    </message>
    <message>
        <source>Listing the builds of %1</source>
        <translation>Die Builds von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the builds of %1</source>
        <translation>die Builds von %1</translation>
    </message>
    <message>
        <source>No file to publish.</source>
        <translation>Keine Datei zum Veröffentlichen.</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 must be true or false, not &quot;%2&quot;.</source>
        <translation>%1 muss true oder false sein, nicht „%2“.</translation>
    </message>
    <message>
        <source>notify-language must be one of %1.</source>
        <translation>notify-language muss eins von %1 sein.</translation>
    </message>
    <message>
        <source>Publishing %1 to Applivery</source>
        <translation>%1 wird bei Applivery veröffentlicht</translation>
    </message>
    <message>
        <source>Looking up the app on Applivery</source>
        <translation>Die App wird bei Applivery nachgeschlagen</translation>
    </message>
    <message>
        <source>Applivery organization %1 has no app &quot;%2&quot;: choose one of its apps by id, slug or name.</source>
        <translation>Die Applivery-Organisation %1 hat keine App „%2“: Wählen Sie eine ihrer Apps über ID, Slug oder Namen.</translation>
    </message>
    <message>
        <source>No Applivery app matches %1: choose the app, or allow create-app so that Slipway creates it.</source>
        <translation>Keine Applivery-App passt zu %1: Wählen Sie die App, oder erlauben Sie create-app, damit Slipway sie anlegt.</translation>
    </message>
    <message>
        <source>Creating app %1 on Applivery</source>
        <translation>App %1 wird bei Applivery angelegt</translation>
    </message>
    <message>
        <source>the app %1</source>
        <translation>die App %1</translation>
    </message>
    <message>
        <source>the build</source>
        <translation>der Build</translation>
    </message>
    <message>
        <source>Uploading %1 to Applivery</source>
        <translation>%1 wird zu Applivery hochgeladen</translation>
    </message>
    <message>
        <source>Waiting for Applivery to process build %1</source>
        <translation>Warten, bis Applivery Build %1 verarbeitet hat</translation>
    </message>
    <message>
        <source>build %1</source>
        <translation>Build %1</translation>
    </message>
    <message>
        <source>Build %1 was uploaded, but Applivery has not finished processing it (still %2). Check it later in the app&apos;s list of versions.</source>
        <translation>Build %1 wurde hochgeladen, aber Applivery hat ihn noch nicht fertig verarbeitet (noch %2). Sehen Sie später in der Versionsliste der App nach.</translation>
    </message>
    <message>
        <source>Waiting for Applivery to process build %1 (%2)</source>
        <translation>Warten, bis Applivery Build %1 verarbeitet hat (%2)</translation>
    </message>
    <message>
        <source>Applivery distributes mobile apps to testers and employees; Slipway lists the apps and builds of an organization, creates apps and uploads new builds.</source>
        <translation>Applivery verteilt mobile Apps an Tester und Mitarbeiter; Slipway listet die Apps und Builds einer Organisation auf, legt Apps an und lädt neue Builds hoch.</translation>
    </message>
    <message>
        <source>Organization ID</source>
        <translation>Organisations-ID</translation>
    </message>
    <message>
        <source>The workspace&apos;s organization id (24 hex digits) or slug.</source>
        <translation>Die Organisations-ID des Workspace (24 Hexziffern) oder sein Slug.</translation>
    </message>
    <message>
        <source>Upload URL</source>
        <translation>Upload-URL</translation>
    </message>
    <message>
        <source>Where builds are uploaded. Empty: the base URL, as Applivery documents for the Workspace API (https://api.applivery.io); set it when your tenant takes uploads on another host, e.g. https://upload.applivery.io.</source>
        <translation>Wohin Builds hochgeladen werden. Leer: die Basis-URL, wie Applivery es für die Workspace-API dokumentiert (https://api.applivery.io); setzen Sie sie, wenn Ihr Mandant Uploads auf einem anderen Host annimmt, z. B. https://upload.applivery.io.</translation>
    </message>
    <message>
        <source>Service account token</source>
        <translation>Service-Account-Token</translation>
    </message>
    <message>
        <source>A Service Account token of the organization; kept only in the OS keychain.</source>
        <translation>Ein Service-Account-Token der Organisation; wird nur im Schlüsselbund des Betriebssystems aufbewahrt.</translation>
    </message>
    <message>
        <source>Applivery does not offer downloads: its API has no endpoint that returns a build&apos;s file. Install the build from the Applivery app store instead.</source>
        <translation>Applivery bietet keine Downloads an: Seine API hat keinen Endpunkt, der die Datei eines Builds liefert. Installieren Sie den Build stattdessen aus dem Applivery-App-Store.</translation>
    </message>
</context>
<context>
    <name>Slipway::AppxReader</name>
    <message>
        <source>%1 is nested implausibly deep.</source>
        <translation>%1 ist unplausibel tief verschachtelt.</translation>
    </message>
    <message>
        <source>%1 is not well-formed XML: %2</source>
        <translation>%1 ist kein wohlgeformtes XML: %2</translation>
    </message>
    <message>
        <source>%1 has no &lt;Identity Name=…&gt; element.</source>
        <translation>%1 hat kein Element &lt;Identity Name=…&gt;.</translation>
    </message>
    <message>
        <source>AppxSignature.p7x is unreadable or lacks its PKCX header.</source>
        <translation>AppxSignature.p7x ist unlesbar oder ihr fehlt der PKCX-Header.</translation>
    </message>
    <message>
        <source>AppxSignature.p7x is not a PKCS#7 signed message.</source>
        <translation>AppxSignature.p7x ist keine PKCS#7-signierte Nachricht.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The package has no AppxSignature.p7x: Windows installs it only in developer mode, and stores sign it themselves.</source>
        <translation>Das Paket hat keine AppxSignature.p7x: Windows installiert es nur im Entwicklermodus, und Stores signieren es selbst.</translation>
    </message>
</context>
<context>
    <name>Slipway::AscJson</name>
    <message>
        <source>the %1 answer</source>
        <translation>die Antwort auf %1</translation>
    </message>
    <message>
        <source>&quot;data&quot; of %1 is not an array</source>
        <translation>„data“ von %1 ist kein Array</translation>
    </message>
    <message>
        <source>&quot;data&quot; of %1 has no id</source>
        <translation>„data“ von %1 hat keine id</translation>
    </message>
    <message>
        <source>App Store Connect returned upload instructions Slipway cannot follow.</source>
        <translation>App Store Connect hat Upload-Anweisungen geliefert, denen Slipway nicht folgen kann.</translation>
    </message>
    <message>
        <source>no upload operations</source>
        <translation>keine Upload-Operationen</translation>
    </message>
    <message>
        <source>part %1 has no valid URL</source>
        <translation>Teil %1 hat keine gültige URL</translation>
    </message>
    <message>
        <source>part %1 uses the method %2</source>
        <translation>Teil %1 verwendet die Methode %2</translation>
    </message>
    <message>
        <source>part %1 covers bytes %2+%3, expected offset %4</source>
        <translation>Teil %1 umfasst die Bytes %2+%3, erwartet war Offset %4</translation>
    </message>
    <message>
        <source>the parts cover %1 bytes of a %2-byte file</source>
        <translation>die Teile umfassen %1 Bytes einer Datei mit %2 Bytes</translation>
    </message>
    <message>
        <source>An earliest release date needs the release type SCHEDULED (release type is %1): choose SCHEDULED or leave the date empty.</source>
        <translation>Ein frühestes Freigabedatum braucht die Freigabeart SCHEDULED (die Freigabeart ist %1): Wählen Sie SCHEDULED oder lassen Sie das Datum leer.</translation>
    </message>
    <message>
        <source>App Store Connect refused the request.</source>
        <translation>App Store Connect hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>App Store Connect did not accept the API key; check the issuer ID, the key ID and the .p8 key, and that the key has not been revoked.</source>
        <translation>App Store Connect hat den API-Schlüssel nicht akzeptiert; prüfen Sie die Aussteller-ID, die Schlüssel-ID und den .p8-Schlüssel und ob der Schlüssel widerrufen wurde.</translation>
    </message>
    <message>
        <source>The App Store Connect API key is not allowed to do this; it needs the App Manager or Admin role.</source>
        <translation>Der App-Store-Connect-API-Schlüssel darf das nicht; er braucht die Rolle App Manager oder Admin.</translation>
    </message>
    <message>
        <source>App Store Connect does not know this app, version or build.</source>
        <translation>App Store Connect kennt diese App, Version oder diesen Build nicht.</translation>
    </message>
    <message>
        <source>This version already exists in App Store Connect.</source>
        <translation>Diese Version gibt es in App Store Connect bereits.</translation>
    </message>
    <message>
        <source>App Store Connect refused the change because of the current state.</source>
        <translation>App Store Connect hat die Änderung wegen des aktuellen Zustands abgelehnt.</translation>
    </message>
    <message>
        <source>App Store Connect&apos;s hourly request limit (%1 requests per key) is used up; try again later.</source>
        <translation>Das stündliche Anfragelimit von App Store Connect (%1 Anfragen je Schlüssel) ist aufgebraucht; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>App Store Connect&apos;s request limit is reached; try again later.</source>
        <translation>Das Anfragelimit von App Store Connect ist erreicht; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>App Store Connect had an internal problem (HTTP %1); try again later.</source>
        <translation>App Store Connect hatte ein internes Problem (HTTP %1); versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>App Store Connect answered HTTP %1.</source>
        <translation>App Store Connect hat mit HTTP %1 geantwortet.</translation>
    </message>
</context>
<context>
    <name>Slipway::AscJwtAuthenticator</name>
    <message>
        <source>App Store Connect&apos;s hourly request budget for this key is used up (X-Rate-Limit: %1 of %2 left); Slipway sends nothing more until it recovers. Try again later.</source>
        <translation>Das stündliche Anfragebudget von App Store Connect für diesen Schlüssel ist aufgebraucht (X-Rate-Limit: %1 von %2 übrig); Slipway sendet nichts mehr, bis es sich erholt hat. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>No keychain is available to read the App Store Connect key.</source>
        <translation>Kein Schlüsselbund verfügbar, um den App-Store-Connect-Schlüssel zu lesen.</translation>
    </message>
    <message>
        <source>App Store Connect private key (.p8)</source>
        <translation>Privater App-Store-Connect-Schlüssel (.p8)</translation>
    </message>
    <message>
        <source>The account %1 has no key ID (key-id); App Store Connect needs it to accept the token.</source>
        <translation>Das Konto %1 hat keine Schlüssel-ID (key-id); App Store Connect braucht sie, um das Token anzunehmen.</translation>
    </message>
</context>
<context>
    <name>Slipway::AscJwtSigner</name>
    <message>
        <source>The App Store Connect private key is empty; paste the contents of the AuthKey_&lt;key ID&gt;.p8 file.</source>
        <translation>Der private App-Store-Connect-Schlüssel ist leer; fügen Sie den Inhalt der Datei AuthKey_&lt;Schlüssel-ID&gt;.p8 ein.</translation>
    </message>
    <message>
        <source>The App Store Connect private key is not a PEM key; paste the whole AuthKey_&lt;key ID&gt;.p8 file including its BEGIN and END lines.</source>
        <translation>Der private App-Store-Connect-Schlüssel ist kein PEM-Schlüssel; fügen Sie die ganze Datei AuthKey_&lt;Schlüssel-ID&gt;.p8 samt ihrer BEGIN- und END-Zeilen ein.</translation>
    </message>
    <message>
        <source>The App Store Connect private key is encrypted with a pass phrase; use the unencrypted .p8 file App Store Connect provides.</source>
        <translation>Der private App-Store-Connect-Schlüssel ist mit einer Passphrase verschlüsselt; verwenden Sie die unverschlüsselte .p8-Datei, die App Store Connect bereitstellt.</translation>
    </message>
    <message>
        <source>Out of memory while reading the private key.</source>
        <translation>Kein Speicher mehr beim Lesen des privaten Schlüssels.</translation>
    </message>
    <message>
        <source>The App Store Connect private key cannot be read; it must be the AuthKey_&lt;key ID&gt;.p8 file (a PKCS#8 EC private key).</source>
        <translation>Der private App-Store-Connect-Schlüssel kann nicht gelesen werden; er muss die Datei AuthKey_&lt;Schlüssel-ID&gt;.p8 sein (ein privater PKCS#8-EC-Schlüssel).</translation>
    </message>
    <message>
        <source>The App Store Connect private key is not an elliptic-curve key; App Store Connect keys are EC P-256 (ES256) keys.</source>
        <translation>Der private App-Store-Connect-Schlüssel ist kein Elliptische-Kurven-Schlüssel; App-Store-Connect-Schlüssel sind EC-P-256-Schlüssel (ES256).</translation>
    </message>
    <message>
        <source>The curve of the App Store Connect private key cannot be determined.</source>
        <translation>Die Kurve des privaten App-Store-Connect-Schlüssels lässt sich nicht bestimmen.</translation>
    </message>
    <message>
        <source>The App Store Connect private key uses the curve %1; App Store Connect keys use P-256 (prime256v1).</source>
        <translation>Der private App-Store-Connect-Schlüssel verwendet die Kurve %1; App-Store-Connect-Schlüssel verwenden P-256 (prime256v1).</translation>
    </message>
    <message>
        <source>The App Store Connect key ID is missing.</source>
        <translation>Die App-Store-Connect-Schlüssel-ID fehlt.</translation>
    </message>
    <message>
        <source>An App Store Connect token may live at most 20 minutes.</source>
        <translation>Ein App-Store-Connect-Token darf höchstens 20 Minuten gelten.</translation>
    </message>
    <message>
        <source>Signing the App Store Connect token failed.</source>
        <translation>Das Signieren des App-Store-Connect-Tokens ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>Slipway::AscPublishJob</name>
    <message>
        <source>Resuming the upload of %1</source>
        <translation>Der Upload von %1 wird fortgesetzt</translation>
    </message>
    <message>
        <source>The upload was cancelled.</source>
        <translation>Der Upload wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The upload was cancelled; App Store Connect discards the unfinished build upload.</source>
        <translation>Der Upload wurde abgebrochen; App Store Connect verwirft den unfertigen Build-Upload.</translation>
    </message>
    <message>
        <source>App Store Connect %1: %2</source>
        <translation>App Store Connect %1: %2</translation>
    </message>
    <message>
        <source>build upload %1</source>
        <translation>Build-Upload %1</translation>
    </message>
    <message>
        <source>The package has no bundle identifier; choose the target app.</source>
        <translation>Das Paket hat keine Bundle-ID; wählen Sie die Ziel-App.</translation>
    </message>
    <message>
        <source>Looking up %1 in App Store Connect</source>
        <translation>%1 wird in App Store Connect nachgeschlagen</translation>
    </message>
    <message>
        <source>the app</source>
        <translation>die App</translation>
    </message>
    <message>
        <source>App Store Connect has no app with the bundle ID %1; create the app in App Store Connect first, or choose the target app.</source>
        <translation>App Store Connect hat keine App mit der Bundle-ID %1; legen Sie die App zuerst in App Store Connect an oder wählen Sie die Ziel-App.</translation>
    </message>
    <message>
        <source>Computing the checksum of %1</source>
        <translation>Die Prüfsumme von %1 wird berechnet</translation>
    </message>
    <message>
        <source>Creating the build upload for %1 (%2)</source>
        <translation>Der Build-Upload für %1 wird angelegt (%2)</translation>
    </message>
    <message>
        <source>the build upload</source>
        <translation>der Build-Upload</translation>
    </message>
    <message>
        <source>Reserving the upload of %1</source>
        <translation>Der Upload von %1 wird reserviert</translation>
    </message>
    <message>
        <source>the upload file</source>
        <translation>die Upload-Datei</translation>
    </message>
    <message>
        <source>Uploading %1 (%2 parts)</source>
        <translation>%1 wird hochgeladen (%2 Teile)</translation>
    </message>
    <message>
        <source>part %1 of %2</source>
        <translation>Teil %1 von %2</translation>
    </message>
    <message>
        <source>Part %1 of %2 could not be uploaded: %3</source>
        <translation>Teil %1 von %2 konnte nicht hochgeladen werden: %3</translation>
    </message>
    <message>
        <source>Committing %1</source>
        <translation>%1 wird festgeschrieben</translation>
    </message>
    <message>
        <source>App Store Connect rejected the uploaded file.</source>
        <translation>App Store Connect hat die hochgeladene Datei abgelehnt.</translation>
    </message>
    <message>
        <source>App Store Connect is still processing the upload after %1 minutes; it continues without Slipway: look at the app&apos;s versions later.</source>
        <translation>App Store Connect verarbeitet den Upload nach %1 Minuten immer noch; das geht ohne Slipway weiter: Sehen Sie später in den Versionen der App nach.</translation>
    </message>
    <message>
        <source>Upload state: %1</source>
        <translation>Upload-Zustand: %1</translation>
    </message>
    <message>
        <source>App Store Connect could not process the upload.</source>
        <translation>App Store Connect konnte den Upload nicht verarbeiten.</translation>
    </message>
    <message>
        <source>The build is still processing after %1 minutes; it continues without Slipway: look at the app&apos;s versions later.</source>
        <translation>Der Build wird nach %1 Minuten immer noch verarbeitet; das geht ohne Slipway weiter: Sehen Sie später in den Versionen der App nach.</translation>
    </message>
    <message>
        <source>the build</source>
        <translation>der Build</translation>
    </message>
    <message>
        <source>Waiting for App Store Connect to create the build</source>
        <translation>Warten, bis App Store Connect den Build anlegt</translation>
    </message>
    <message>
        <source>Build %1 (%2): %3</source>
        <translation>Build %1 (%2): %3</translation>
    </message>
    <message>
        <source>App Store Connect finished processing the build as %1; see the e-mail from Apple or App Store Connect for the reason.</source>
        <translation>App Store Connect hat die Verarbeitung des Builds mit %1 abgeschlossen; den Grund nennt die E-Mail von Apple oder App Store Connect.</translation>
    </message>
    <message>
        <source>build %1</source>
        <translation>Build %1</translation>
    </message>
    <message>
        <source>Looking for App Store version %1</source>
        <translation>App-Store-Version %1 wird gesucht</translation>
    </message>
    <message>
        <source>the App Store version</source>
        <translation>die App-Store-Version</translation>
    </message>
    <message>
        <source>Updating App Store version %1</source>
        <translation>App-Store-Version %1 wird aktualisiert</translation>
    </message>
    <message>
        <source>Creating App Store version %1</source>
        <translation>App-Store-Version %1 wird angelegt</translation>
    </message>
    <message>
        <source>Attaching the build to App Store version %1</source>
        <translation>Der Build wird an App-Store-Version %1 angehängt</translation>
    </message>
    <message>
        <source>Uploaded %1</source>
        <translation>%1 hochgeladen</translation>
    </message>
    <message>
        <source>Uploaded %1 and attached it to %2</source>
        <translation>%1 hochgeladen und an %2 angehängt</translation>
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
    <name>Slipway::BinaryXml</name>
    <message>
        <source>AndroidManifest.xml is not valid binary XML: %1.</source>
        <translation>AndroidManifest.xml ist kein gültiges binäres XML: %1.</translation>
    </message>
    <message>
        <source>string pool header is truncated</source>
        <translation>der Header des String-Pools ist abgeschnitten</translation>
    </message>
    <message>
        <source>string pool header size is out of range</source>
        <translation>die Header-Größe des String-Pools liegt außerhalb des gültigen Bereichs</translation>
    </message>
    <message>
        <source>string pool declares more strings than it holds</source>
        <translation>der String-Pool gibt mehr Zeichenketten an, als er enthält</translation>
    </message>
    <message>
        <source>string pool data starts outside the chunk</source>
        <translation>die Daten des String-Pools beginnen außerhalb des Chunks</translation>
    </message>
    <message>
        <source>the file is shorter than a chunk header</source>
        <translation>die Datei ist kürzer als ein Chunk-Header</translation>
    </message>
    <message>
        <source>the file does not start with an XML chunk</source>
        <translation>die Datei beginnt nicht mit einem XML-Chunk</translation>
    </message>
    <message>
        <source>the XML header size is out of range</source>
        <translation>die Größe des XML-Headers liegt außerhalb des gültigen Bereichs</translation>
    </message>
    <message>
        <source>a chunk at offset %1 has an impossible size</source>
        <translation>ein Chunk bei Offset %1 hat eine unmögliche Größe</translation>
    </message>
    <message>
        <source>an element chunk is truncated</source>
        <translation>ein Element-Chunk ist abgeschnitten</translation>
    </message>
    <message>
        <source>more than %1 elements</source>
        <translation>mehr als %1 Elemente</translation>
    </message>
    <message>
        <source>elements are nested deeper than %1 levels</source>
        <translation>Elemente sind tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>attribute records are smaller than 20 bytes</source>
        <translation>Attributeinträge sind kleiner als 20 Bytes</translation>
    </message>
    <message>
        <source>it has no string pool</source>
        <translation>es hat keinen String-Pool</translation>
    </message>
    <message>
        <source>it has no elements</source>
        <translation>es hat keine Elemente</translation>
    </message>
</context>
<context>
    <name>Slipway::CgBI</name>
    <message>
        <source>The icon is not a readable PNG: %1.</source>
        <translation>Das Symbol ist kein lesbares PNG: %1.</translation>
    </message>
    <message>
        <source>no PNG signature or IHDR chunk</source>
        <translation>keine PNG-Signatur oder kein IHDR-Chunk</translation>
    </message>
    <message>
        <source>implausible size %1×%2</source>
        <translation>unplausible Größe %1×%2</translation>
    </message>
    <message>
        <source>unsupported CgBI pixel format (bit depth %1, colour type %2)</source>
        <translation>nicht unterstütztes CgBI-Pixelformat (Bittiefe %1, Farbtyp %2)</translation>
    </message>
    <message>
        <source>interlaced CgBI images are not supported</source>
        <translation>CgBI-Bilder mit Zeilensprung werden nicht unterstützt</translation>
    </message>
    <message>
        <source>a chunk runs past the end of the file</source>
        <translation>ein Chunk reicht über das Dateiende hinaus</translation>
    </message>
    <message>
        <source>no image data</source>
        <translation>keine Bilddaten</translation>
    </message>
    <message>
        <source>the compressed image data is corrupt or too short</source>
        <translation>die komprimierten Bilddaten sind beschädigt oder zu kurz</translation>
    </message>
    <message>
        <source>unknown row filter</source>
        <translation>unbekannter Zeilenfilter</translation>
    </message>
    <message>
        <source>The converted icon could not be compressed.</source>
        <translation>Das umgewandelte Symbol konnte nicht komprimiert werden.</translation>
    </message>
</context>
<context>
    <name>Slipway::CodeSignature</name>
    <message>
        <source>_CodeSignature/CodeResources lists no files</source>
        <translation>_CodeSignature/CodeResources führt keine Dateien auf</translation>
    </message>
    <message>
        <source>_CodeSignature/CodeResources lists implausibly many files</source>
        <translation>_CodeSignature/CodeResources führt unplausibel viele Dateien auf</translation>
    </message>
    <message>
        <source>the symbolic link %1 was changed after signing</source>
        <translation>der symbolische Link %1 wurde nach dem Signieren verändert</translation>
    </message>
    <message>
        <source>%1 is listed in _CodeSignature/CodeResources but missing from the bundle</source>
        <translation>%1 ist in _CodeSignature/CodeResources aufgeführt, fehlt aber im Bundle</translation>
    </message>
    <message>
        <source>%1 was changed after signing (its hash does not match _CodeSignature/CodeResources)</source>
        <translation>%1 wurde nach dem Signieren verändert (sein Hash passt nicht zu _CodeSignature/CodeResources)</translation>
    </message>
    <message>
        <source>%1 was added to the bundle after signing (not in _CodeSignature/CodeResources)</source>
        <translation>%1 wurde dem Bundle nach dem Signieren hinzugefügt (nicht in _CodeSignature/CodeResources)</translation>
    </message>
    <message>
        <source>%1 files match their hashes; %2 nested code bundles are signed separately and not checked</source>
        <translation>%1 Dateien passen zu ihren Hashes; %2 verschachtelte Code-Bundles sind eigens signiert und nicht geprüft</translation>
    </message>
    <message>
        <source>the main executable has no readable embedded code signature</source>
        <translation>die Hauptprogrammdatei hat keine lesbare eingebettete Codesignatur</translation>
    </message>
    <message>
        <source>the embedded signature has no CodeDirectory</source>
        <translation>die eingebettete Signatur hat kein CodeDirectory</translation>
    </message>
    <message>
        <source>the executable is ad-hoc signed (no CMS signature): no device accepts it outside development</source>
        <translation>die ausführbare Datei ist ad hoc signiert (keine CMS-Signatur): Außerhalb der Entwicklung nimmt kein Gerät sie an</translation>
    </message>
    <message>
        <source>the CMS signature over the CodeDirectory does not verify</source>
        <translation>die CMS-Signatur über das CodeDirectory lässt sich nicht verifizieren</translation>
    </message>
    <message>
        <source>_CodeSignature/CodeResources was changed after signing (the CodeDirectory names another hash)</source>
        <translation>_CodeSignature/CodeResources wurde nach dem Signieren verändert (das CodeDirectory nennt einen anderen Hash)</translation>
    </message>
    <message>
        <source>Info.plist was changed after signing (the CodeDirectory names another hash)</source>
        <translation>die Info.plist wurde nach dem Signieren verändert (das CodeDirectory nennt einen anderen Hash)</translation>
    </message>
    <message>
        <source>the CMS signature and the hashes of Info.plist and CodeResources match; the executable&apos;s page hashes and the chain to Apple&apos;s root are not checked</source>
        <translation>die CMS-Signatur und die Hashes von Info.plist und CodeResources stimmen; die Seiten-Hashes der ausführbaren Datei und die Kette zu Apples Wurzel werden nicht geprüft</translation>
    </message>
    <message>
        <source>signed by the certificate it carries; its chain to Apple&apos;s root is not checked</source>
        <translation>signiert mit dem Zertifikat, das es mitbringt; seine Kette zu Apples Wurzel wird nicht geprüft</translation>
    </message>
    <message>
        <source>the provisioning profile&apos;s CMS signature does not verify (changed after Apple signed it)</source>
        <translation>die CMS-Signatur des Provisioning-Profils lässt sich nicht verifizieren (nach Apples Signatur verändert)</translation>
    </message>
    <message>
        <source>the app is signed by a certificate the provisioning profile does not list: devices refuse to install it</source>
        <translation>die App ist mit einem Zertifikat signiert, das das Provisioning-Profil nicht aufführt: Geräte verweigern die Installation</translation>
    </message>
    <message>
        <source>The code signature does not verify (%1): devices refuse to install it.</source>
        <translation>Die Codesignatur lässt sich nicht verifizieren (%1): Geräte verweigern die Installation.</translation>
    </message>
</context>
<context>
    <name>Slipway::CompareJob</name>
    <message>
        <source>%1 is neither a package file nor a version as ACCOUNT/APP/VERSION-ID.</source>
        <translation>%1 ist weder eine Paketdatei noch eine Version in der Form KONTO/APP/VERSIONS-ID.</translation>
    </message>
    <message>
        <source>Looking up %1</source>
        <translation>%1 wird nachgeschlagen</translation>
    </message>
    <message>
        <source>%1: no such version.</source>
        <translation>%1: Diese Version gibt es nicht.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Comparing what the services say about the two builds</source>
        <translation>Was die Dienste über die beiden Builds sagen, wird verglichen</translation>
    </message>
    <message>
        <source>No temporary folder for the downloads: %1.</source>
        <translation>Kein temporärer Ordner für die Downloads: %1.</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>%1 wird heruntergeladen</translation>
    </message>
    <message>
        <source>Comparing the two builds</source>
        <translation>Die beiden Builds werden verglichen</translation>
    </message>
</context>
<context>
    <name>Slipway::CurlReply</name>
    <message>
        <source>The transfer was cancelled.</source>
        <translation>Die Übertragung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The transfer to %1 failed: %2</source>
        <translation>Die Übertragung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>Slipway::DestinationRunner</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 could not be checked for the version an interrupted upload may have created, so nothing was sent again: %2</source>
        <translation>%1 konnte nicht auf die Version geprüft werden, die ein unterbrochener Upload angelegt haben könnte, daher wurde nichts erneut gesendet: %2</translation>
    </message>
    <message>
        <source>%1: preflight was skipped by the publisher.</source>
        <translation>%1: Die Vorabprüfung wurde vom Herausgeber übersprungen.</translation>
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
    <name>Slipway::FileHasher</name>
    <message>
        <source>%1 cannot be read: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Reading %1 failed: %2.</source>
        <translation>Das Lesen von %1 ist fehlgeschlagen: %2.</translation>
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
    <name>Slipway::HockeyApp</name>
    <message>
        <source>the answer</source>
        <translation>die Antwort</translation>
    </message>
    <message>
        <source>HockeyApp refused the API token: check the account&apos;s token.</source>
        <translation>HockeyApp hat das API-Token abgelehnt: Prüfen Sie das Token des Kontos.</translation>
    </message>
    <message>
        <source>The API token may not do this: notify and status need a full-access token.</source>
        <translation>Das API-Token darf das nicht: notify und status brauchen ein Token mit Vollzugriff.</translation>
    </message>
    <message>
        <source>HockeyApp does not know this app or version: check the app&apos;s public identifier.</source>
        <translation>HockeyApp kennt diese App oder Version nicht: Prüfen Sie die öffentliche Kennung der App.</translation>
    </message>
    <message>
        <source>HockeyApp rejected the upload or its fields: see the server&apos;s message.</source>
        <translation>HockeyApp hat den Upload oder seine Felder abgelehnt: Siehe die Meldung des Servers.</translation>
    </message>
    <message>
        <source>HockeyApp reports a conflict with an existing version.</source>
        <translation>HockeyApp meldet einen Konflikt mit einer vorhandenen Version.</translation>
    </message>
    <message>
        <source>HockeyApp is limiting requests: try again in a moment.</source>
        <translation>HockeyApp begrenzt die Anfragen: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The HockeyApp server had an error: try again later.</source>
        <translation>Der HockeyApp-Server hatte einen Fehler: Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>HockeyApp answered with an error.</source>
        <translation>HockeyApp hat mit einem Fehler geantwortet.</translation>
    </message>
    <message>
        <source>no apps list</source>
        <translation>keine apps-Liste</translation>
    </message>
    <message>
        <source>no app_versions list</source>
        <translation>keine app_versions-Liste</translation>
    </message>
    <message>
        <source>the version has neither id nor version</source>
        <translation>die Version hat weder id noch version</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 with an HTML page instead of JSON.</source>
        <translation>Der Server hat mit HTTP %1 und einer HTML-Seite statt JSON geantwortet.</translation>
    </message>
    <message>
        <source>HTTP %1 with an empty body.</source>
        <translation>HTTP %1 mit leerem Inhalt.</translation>
    </message>
</context>
<context>
    <name>Slipway::HockeyAppProvider</name>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>A HockeyApp API token (full access to publish with notify/status); kept only in the OS keychain.</source>
        <translation>Ein HockeyApp-API-Token (Vollzugriff, um mit notify/status zu veröffentlichen); wird nur im Schlüsselbund des Betriebssystems aufbewahrt.</translation>
    </message>
    <message>
        <source>HockeyApp distributed beta builds to testers (the service is retired, compatible servers keep its API); Slipway lists apps and versions, uploads versions with their dSYM and deletes them.</source>
        <translation>HockeyApp hat Beta-Builds an Tester verteilt (der Dienst ist eingestellt, kompatible Server behalten seine API); Slipway listet Apps und Versionen auf, lädt Versionen mit ihrem dSYM hoch und löscht sie.</translation>
    </message>
    <message>
        <source>Looking up version %1 of %2</source>
        <translation>Version %1 von %2 wird nachgeschlagen</translation>
    </message>
    <message>
        <source>HockeyApp has no version %1 of %2.</source>
        <translation>HockeyApp hat keine Version %1 von %2.</translation>
    </message>
    <message>
        <source>HockeyApp gives no build link for version %1 of %2: only developers and members of the app get one (the install page cannot be downloaded).</source>
        <translation>HockeyApp liefert keinen Build-Link für Version %1 von %2: Nur Entwickler und Mitglieder der App bekommen einen (die Installationsseite kann nicht heruntergeladen werden).</translation>
    </message>
    <message>
        <source>Notes format</source>
        <translation>Format der Hinweise</translation>
    </message>
    <message>
        <source>How HockeyApp renders the release notes.</source>
        <translation>Wie HockeyApp die Versionshinweise darstellt.</translation>
    </message>
    <message>
        <source>Notify testers</source>
        <translation>Tester benachrichtigen</translation>
    </message>
    <message>
        <source>E-mail nobody, the testers who can install this version, or all testers (full-access token only).</source>
        <translation>Niemanden, die Tester, die diese Version installieren können, oder alle Tester per E-Mail benachrichtigen (nur mit Vollzugriffs-Token).</translation>
    </message>
    <message>
        <source>Download status</source>
        <translation>Download-Status</translation>
    </message>
    <message>
        <source>Whether testers can download the version; empty keeps the server&apos;s default (full-access token only).</source>
        <translation>Ob Tester die Version herunterladen können; leer behält die Voreinstellung des Servers (nur mit Vollzugriffs-Token).</translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation>Verpflichtend</translation>
    </message>
    <message>
        <source>Testers must install this version.</source>
        <translation>Tester müssen diese Version installieren.</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Comma-separated tags: only testers with one of them can download the version.</source>
        <translation>Kommagetrennte Tags: Nur Tester mit einem davon können die Version herunterladen.</translation>
    </message>
    <message>
        <source>Create the version first</source>
        <translation>Version zuerst anlegen</translation>
    </message>
    <message>
        <source>Register the version (app_versions/new) and then upload its file to it (PUT), instead of one upload that creates the version; for servers and platforms that need the version to exist first.</source>
        <translation>Die Version registrieren (app_versions/new) und dann ihre Datei dorthin hochladen (PUT), statt eines einzigen Uploads, der die Version anlegt; für Server und Plattformen, bei denen die Version zuerst existieren muss.</translation>
    </message>
    <message>
        <source>Existing version id</source>
        <translation>ID einer vorhandenen Version</translation>
    </message>
    <message>
        <source>Upload the file to this existing version record (PUT app_versions/{id}) instead of a new version.</source>
        <translation>Die Datei zu diesem vorhandenen Versionseintrag hochladen (PUT app_versions/{id}) statt zu einer neuen Version.</translation>
    </message>
    <message>
        <source>Listing the HockeyApp apps</source>
        <translation>Die HockeyApp-Apps werden aufgelistet</translation>
    </message>
    <message>
        <source>the apps</source>
        <translation>die Apps</translation>
    </message>
    <message>
        <source>Which HockeyApp app? The app id is empty.</source>
        <translation>Welche HockeyApp-App? Die App-ID ist leer.</translation>
    </message>
    <message>
        <source>Listing the versions of %1</source>
        <translation>Die Versionen von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the versions of %1</source>
        <translation>die Versionen von %1</translation>
    </message>
    <message>
        <source>No file to publish.</source>
        <translation>Keine Datei zum Veröffentlichen.</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>notes-type must be markdown or textile.</source>
        <translation>notes-type muss markdown oder textile sein.</translation>
    </message>
    <message>
        <source>notify must be none, testers or all.</source>
        <translation>notify muss none, testers oder all sein.</translation>
    </message>
    <message>
        <source>status must be available or not-downloadable.</source>
        <translation>status muss available oder not-downloadable sein.</translation>
    </message>
    <message>
        <source>mandatory must be true or false.</source>
        <translation>mandatory muss true oder false sein.</translation>
    </message>
    <message>
        <source>create-first must be true or false.</source>
        <translation>create-first muss true oder false sein.</translation>
    </message>
    <message>
        <source>Give either version-id (an existing version) or create-first (a new one), not both.</source>
        <translation>Geben Sie entweder version-id (eine vorhandene Version) oder create-first (eine neue) an, nicht beides.</translation>
    </message>
    <message>
        <source>Looking up the app on HockeyApp</source>
        <translation>Die App wird bei HockeyApp nachgeschlagen</translation>
    </message>
    <message>
        <source>HockeyApp has no app %1 for this token: create it on the server first, or choose one of the token&apos;s apps.</source>
        <translation>HockeyApp hat für dieses Token keine App %1: Legen Sie sie zuerst auf dem Server an oder wählen Sie eine der Apps des Tokens.</translation>
    </message>
    <message>
        <source>for this package</source>
        <translation>für dieses Paket</translation>
    </message>
    <message>
        <source>the version</source>
        <translation>die Version</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Uploading %1 to version %2</source>
        <translation>%1 wird zu Version %2 hochgeladen</translation>
    </message>
    <message>
        <source>Creating the HockeyApp version first needs its build number (bundle_version): give the version code.</source>
        <translation>Um die HockeyApp-Version zuerst anzulegen, wird ihre Build-Nummer (bundle_version) gebraucht: Geben Sie den Versionscode an.</translation>
    </message>
    <message>
        <source>the version %1</source>
        <translation>die Version %1</translation>
    </message>
    <message>
        <source>Creating version %1 on HockeyApp</source>
        <translation>Version %1 wird bei HockeyApp angelegt</translation>
    </message>
    <message>
        <source>HockeyApp created the version but did not say its id; its file was not uploaded.</source>
        <translation>HockeyApp hat die Version angelegt, aber ihre ID nicht genannt; ihre Datei wurde nicht hochgeladen.</translation>
    </message>
    <message>
        <source>Uploading %1 to HockeyApp</source>
        <translation>%1 wird zu HockeyApp hochgeladen</translation>
    </message>
    <message>
        <source>Deleting needs an app id and a version id. A version listed without an id (the server sent neither &quot;id&quot; nor &quot;config_url&quot;) cannot be deleted by its build number.</source>
        <translation>Zum Löschen werden eine App-ID und eine Versions-ID gebraucht. Eine ohne ID aufgelistete Version (der Server hat weder „id“ noch „config_url“ gesendet) kann nicht über ihre Build-Nummer gelöscht werden.</translation>
    </message>
    <message>
        <source>Deleting version %1 of %2</source>
        <translation>Version %1 von %2 wird gelöscht</translation>
    </message>
    <message>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
    <message>
        <source>The version&apos;s release notes (HockeyApp keeps the first 5,000 characters).</source>
        <translation>Die Versionshinweise der Version (HockeyApp behält die ersten 5.000 Zeichen).</translation>
    </message>
    <message>
        <source>Editing needs an app id and a version id.</source>
        <translation>Zum Bearbeiten werden eine App-ID und eine Versions-ID gebraucht.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Nichts zu ändern.</translation>
    </message>
    <message>
        <source>HockeyApp cannot edit %1; it can edit notes, tags, notes-type, status and mandatory.</source>
        <translation>HockeyApp kann %1 nicht bearbeiten; bearbeitbar sind notes, tags, notes-type, status und mandatory.</translation>
    </message>
    <message>
        <source>Editing version %1 of %2</source>
        <translation>Version %1 von %2 wird bearbeitet</translation>
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
    <message>
        <source>Uploading a file needs libcurl (Debian package libcurl4), and it cannot be loaded.</source>
        <translation>Zum Hochladen einer Datei wird libcurl benötigt (Debian-Paket libcurl4), und es lässt sich nicht laden.</translation>
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
    <name>Slipway::LocalLibrary</name>
    <message>
        <source>Publishing was cancelled; nothing was stored.</source>
        <translation>Das Veröffentlichen wurde abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The Local library cannot write to %1: %2.</source>
        <translation>Die lokale Bibliothek kann nicht nach %1 schreiben: %2.</translation>
    </message>
    <message>
        <source>Reading %1 failed: %2.</source>
        <translation>Das Lesen von %1 ist fehlgeschlagen: %2.</translation>
    </message>
    <message>
        <source>Writing to the Local library failed: %1 (disk full?).</source>
        <translation>Das Schreiben in die lokale Bibliothek ist fehlgeschlagen: %1 (Datenträger voll?).</translation>
    </message>
    <message>
        <source>The Local library could not flush %1 to disk.</source>
        <translation>Die lokale Bibliothek konnte %1 nicht auf den Datenträger schreiben.</translation>
    </message>
    <message>
        <source>The stored copy of %1 cannot be read back.</source>
        <translation>Die gespeicherte Kopie von %1 kann nicht zurückgelesen werden.</translation>
    </message>
    <message>
        <source>%1 changed after it was inspected (or its copy in the Local library is damaged); drop it again to publish the current file.</source>
        <translation>%1 hat sich seit der Untersuchung verändert (oder seine Kopie in der lokalen Bibliothek ist beschädigt); ziehen Sie die Datei erneut herein, um die aktuelle Datei zu veröffentlichen.</translation>
    </message>
    <message>
        <source>The copy of %1 in the Local library does not match the original (storage error); nothing was published.</source>
        <translation>Die Kopie von %1 in der lokalen Bibliothek stimmt nicht mit dem Original überein (Speicherfehler); nichts wurde veröffentlicht.</translation>
    </message>
    <message>
        <source>The Local library could not move %1 into place.</source>
        <translation>Die lokale Bibliothek konnte %1 nicht an seinen Platz verschieben.</translation>
    </message>
    <message>
        <source>The download was cancelled; nothing was saved.</source>
        <translation>Der Download wurde abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The stored copy of %1 is missing from the Local library.</source>
        <translation>Die gespeicherte Kopie von %1 fehlt in der lokalen Bibliothek.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Writing %1 failed: %2 (disk full?).</source>
        <translation>Schreiben von %1 fehlgeschlagen: %2 (Datenträger voll?).</translation>
    </message>
    <message>
        <source>%1 could not be flushed to disk.</source>
        <translation>%1 konnte nicht auf den Datenträger geschrieben werden.</translation>
    </message>
    <message>
        <source>The stored copy of %1 is damaged (its checksum does not match); nothing was saved.</source>
        <translation>Die gespeicherte Kopie von %1 ist beschädigt (ihre Prüfsumme stimmt nicht); nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>%1 could not be saved as %2.</source>
        <translation>%1 konnte nicht als %2 gespeichert werden.</translation>
    </message>
    <message>
        <source>The Local library is busy in another Slipway; try again in a moment.</source>
        <translation>Die lokale Bibliothek wird gerade von einem anderen Slipway verwendet; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>This version is already in the Local library.</source>
        <translation>Diese Version ist bereits in der lokalen Bibliothek.</translation>
    </message>
    <message>
        <source>The Local library at %1 is read-only.</source>
        <translation>Die lokale Bibliothek unter %1 ist schreibgeschützt.</translation>
    </message>
    <message>
        <source>The disk holding the Local library at %1 is full; free some space and try again.</source>
        <translation>Der Datenträger mit der lokalen Bibliothek unter %1 ist voll; geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The Local library catalog could not be updated (%1: %2).</source>
        <translation>Der Katalog der lokalen Bibliothek konnte nicht aktualisiert werden (%1: %2).</translation>
    </message>
    <message>
        <source>The Local library at %1 is read-only; its versions can be listed and downloaded, not changed.</source>
        <translation>Die lokale Bibliothek unter %1 ist schreibgeschützt; ihre Versionen können aufgelistet und heruntergeladen, aber nicht geändert werden.</translation>
    </message>
    <message>
        <source>There is no Local library at %1.</source>
        <translation>Unter %1 gibt es keine lokale Bibliothek.</translation>
    </message>
    <message>
        <source>The Local library folder %1 cannot be created.</source>
        <translation>Der Ordner %1 der lokalen Bibliothek kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The Local library catalog in %1 cannot be opened.</source>
        <translation>Der Katalog der lokalen Bibliothek in %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The Local library at %1 was written by a newer Slipway; update Slipway to use it.</source>
        <translation>Die lokale Bibliothek unter %1 wurde von einem neueren Slipway geschrieben; aktualisieren Sie Slipway, um sie zu verwenden.</translation>
    </message>
    <message>
        <source>version code %1</source>
        <translation>Versionscode %1</translation>
    </message>
    <message>
        <source>version code %1 with label &quot;%2&quot;</source>
        <translation>Versionscode %1 mit der Kennzeichnung „%2“</translation>
    </message>
    <message>
        <source>%1 already has %2 in the Local library. Raise the version code, or give this build a different label.</source>
        <translation>%1 hat bereits %2 in der lokalen Bibliothek. Erhöhen Sie den Versionscode oder geben Sie diesem Build eine andere Kennzeichnung.</translation>
    </message>
    <message>
        <source>Nothing to publish.</source>
        <translation>Nichts zu veröffentlichen.</translation>
    </message>
    <message>
        <source>%1 has no package id; choose the app to publish it to.</source>
        <translation>%1 hat keine Paket-ID; wählen Sie die App, in der es veröffentlicht werden soll.</translation>
    </message>
    <message>
        <source>%1 has no version code; enter one to publish it.</source>
        <translation>%1 hat keinen Versionscode; geben Sie einen ein, um es zu veröffentlichen.</translation>
    </message>
    <message>
        <source>Version %1 of %2 is not in the Local library.</source>
        <translation>Version %1 von %2 ist nicht in der lokalen Bibliothek.</translation>
    </message>
    <message>
        <source>The Local library has no field &quot;%1&quot;; only the notes and the label can change.</source>
        <translation>Die lokale Bibliothek hat kein Feld „%1“; nur die Hinweise und die Kennzeichnung können sich ändern.</translation>
    </message>
</context>
<context>
    <name>Slipway::LocalProvider</name>
    <message>
        <source>Local library</source>
        <translation>Lokale Bibliothek</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>Bibliotheksordner</translation>
    </message>
    <message>
        <source>Folder of the catalog and the stored packages; may be on a shared drive.</source>
        <translation>Ordner des Katalogs und der gespeicherten Pakete; darf auf einem freigegebenen Laufwerk liegen.</translation>
    </message>
    <message>
        <source>Local library (%1)</source>
        <translation>Lokale Bibliothek (%1)</translation>
    </message>
    <message>
        <source>Reading the Local library</source>
        <translation>Die lokale Bibliothek wird gelesen</translation>
    </message>
    <message>
        <source>Reading versions of %1</source>
        <translation>Versionen von %1 werden gelesen</translation>
    </message>
    <message>
        <source>Reading version %1 of %2</source>
        <translation>Version %1 von %2 wird gelesen</translation>
    </message>
    <message>
        <source>No file to publish.</source>
        <translation>Keine Datei zum Veröffentlichen.</translation>
    </message>
    <message>
        <source>Publishing %1 to the Local library</source>
        <translation>%1 wird in der lokalen Bibliothek veröffentlicht</translation>
    </message>
    <message>
        <source>Removing version %1 of %2</source>
        <translation>Version %1 von %2 wird entfernt</translation>
    </message>
    <message>
        <source>Saving version %1 of %2</source>
        <translation>Version %1 von %2 wird gespeichert</translation>
    </message>
    <message>
        <source>Updating version %1 of %2</source>
        <translation>Version %1 von %2 wird aktualisiert</translation>
    </message>
    <message>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
    <message>
        <source>The version&apos;s release notes.</source>
        <translation>Die Versionshinweise der Version.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Kennzeichnung</translation>
    </message>
    <message>
        <source>A short label shown in the versions table (e.g. RC, beta).</source>
        <translation>Eine kurze Kennzeichnung, die in der Versionstabelle erscheint (z. B. RC, beta).</translation>
    </message>
</context>
<context>
    <name>Slipway::MachO</name>
    <message>
        <source>The executable is too short to be a Mach-O file.</source>
        <translation>Die ausführbare Datei ist zu kurz für eine Mach-O-Datei.</translation>
    </message>
    <message>
        <source>The executable&apos;s universal header is malformed.</source>
        <translation>Der Universal-Header der ausführbaren Datei ist fehlerhaft.</translation>
    </message>
    <message>
        <source>The executable&apos;s universal header is truncated.</source>
        <translation>Der Universal-Header der ausführbaren Datei ist abgeschnitten.</translation>
    </message>
    <message>
        <source>The executable&apos;s universal header points outside the file.</source>
        <translation>Der Universal-Header der ausführbaren Datei zeigt aus der Datei hinaus.</translation>
    </message>
    <message>
        <source>The executable is not a Mach-O file.</source>
        <translation>Die ausführbare Datei ist keine Mach-O-Datei.</translation>
    </message>
    <message>
        <source>An architecture slice is not a Mach-O image.</source>
        <translation>Ein Architektur-Slice ist kein Mach-O-Image.</translation>
    </message>
    <message>
        <source>A Mach-O image declares implausibly large load commands.</source>
        <translation>Ein Mach-O-Image gibt unplausibel große Ladebefehle an.</translation>
    </message>
    <message>
        <source>A Mach-O image has a malformed load command.</source>
        <translation>Ein Mach-O-Image hat einen fehlerhaften Ladebefehl.</translation>
    </message>
</context>
<context>
    <name>Slipway::ManageXrJson</name>
    <message>
        <source>ManageXR answered in a form Slipway does not understand (%1) — is the base URL right?</source>
        <translation>ManageXR hat in einer Form geantwortet, die Slipway nicht versteht (%1) – stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>ManageXR already has this version: publish with a different version label or a higher version code.</source>
        <translation>ManageXR hat diese Version bereits: Veröffentlichen Sie mit einer anderen Versionskennzeichnung oder einem höheren Versionscode.</translation>
    </message>
</context>
<context>
    <name>Slipway::ManageXrProvider</name>
    <message>
        <source>Looking up version %1 of %2</source>
        <translation>Version %1 von %2 wird nachgeschlagen</translation>
    </message>
    <message>
        <source>the version %1 of %2</source>
        <translation>die Version %1 von %2</translation>
    </message>
    <message>
        <source>ManageXR answered the version %1 of %2 without its details.</source>
        <translation>ManageXR hat auf die Version %1 von %2 ohne ihre Details geantwortet.</translation>
    </message>
    <message>
        <source>ManageXR gives no APK link for version %1 of %2 (a version uploaded with the ManageXR CLI is not downloadable through the API).</source>
        <translation>ManageXR liefert keinen APK-Link für Version %1 von %2 (eine mit der ManageXR-CLI hochgeladene Version kann nicht über die API heruntergeladen werden).</translation>
    </message>
    <message>
        <source>ManageXR manages fleets of VR headsets; Slipway registers the APKs (and OBBs) you host as app versions of your organization and points release channels at them.</source>
        <translation>ManageXR verwaltet Flotten von VR-Headsets; Slipway registriert die von Ihnen gehosteten APKs (und OBBs) als App-Versionen Ihrer Organisation und richtet Release-Kanäle auf sie aus.</translation>
    </message>
    <message>
        <source>API key ID</source>
        <translation>API-Schlüssel-ID</translation>
    </message>
    <message>
        <source>The API Key ID from Organization Settings &gt; API Keys.</source>
        <translation>Die API-Key-ID aus Organisationseinstellungen &gt; API Keys.</translation>
    </message>
    <message>
        <source>API key secret</source>
        <translation>API-Schlüssel-Geheimnis</translation>
    </message>
    <message>
        <source>The API Key Secret shown once when the key was created; kept only in the OS keychain.</source>
        <translation>Das API-Key-Secret, das beim Anlegen des Schlüssels einmal angezeigt wurde; wird nur im Schlüsselbund des Betriebssystems aufbewahrt.</translation>
    </message>
    <message>
        <source>Organization ID</source>
        <translation>Organisations-ID</translation>
    </message>
    <message>
        <source>Only for multi-organization keys; empty uses the key&apos;s own organization.</source>
        <translation>Nur für Schlüssel mehrerer Organisationen; leer verwendet die eigene Organisation des Schlüssels.</translation>
    </message>
    <message>
        <source>Hosting folder</source>
        <translation>Hosting-Ordner</translation>
    </message>
    <message>
        <source>A folder (local or a mounted share) where Slipway copies the packages it registers.</source>
        <translation>Ein Ordner (lokal oder eine eingehängte Freigabe), in den Slipway die Pakete kopiert, die es registriert.</translation>
    </message>
    <message>
        <source>Hosting base URL</source>
        <translation>Hosting-Basis-URL</translation>
    </message>
    <message>
        <source>The public URL under which the hosting folder is served (https://...).</source>
        <translation>Die öffentliche URL, unter der der Hosting-Ordner bereitgestellt wird (https://...).</translation>
    </message>
    <message>
        <source>Give both the hosting folder and the hosting base URL (the public URL that serves that folder), or neither.</source>
        <translation>Geben Sie sowohl den Hosting-Ordner als auch die Hosting-Basis-URL an (die öffentliche URL, die diesen Ordner bereitstellt), oder keins von beiden.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 in the hosting folder: check that it is mounted and writable.</source>
        <translation>Der Ordner %1 im Hosting-Ordner kann nicht angelegt werden: Prüfen Sie, ob er eingehängt und beschreibbar ist.</translation>
    </message>
    <message>
        <source>The hosting folder already holds a different %1 for this version (%2): publish with another version label or remove the old file.</source>
        <translation>Der Hosting-Ordner enthält für diese Version bereits eine andere %1 (%2): Veröffentlichen Sie mit einer anderen Versionskennzeichnung oder entfernen Sie die alte Datei.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot write to the hosting folder (%1): %2</source>
        <translation>In den Hosting-Ordner kann nicht geschrieben werden (%1): %2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot write to the hosting folder (%1).</source>
        <translation>In den Hosting-Ordner kann nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <source>The copy of %1 in the hosting folder does not match the original (MD5 differs); check the share and try again.</source>
        <translation>Die Kopie von %1 im Hosting-Ordner stimmt nicht mit dem Original überein (MD5 weicht ab); prüfen Sie die Freigabe und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Cannot move the copy into place at %1.</source>
        <translation>Die Kopie kann nicht an ihren Platz unter %1 verschoben werden.</translation>
    </message>
    <message>
        <source>Give the APK to publish, or the public URL where you host it.</source>
        <translation>Geben Sie die zu veröffentlichende APK an oder die öffentliche URL, unter der Sie sie hosten.</translation>
    </message>
    <message>
        <source>ManageXR installs APKs; %1 is a %2 package.</source>
        <translation>ManageXR installiert APKs; %1 ist ein %2-Paket.</translation>
    </message>
    <message>
        <source>The package name is unknown: publish an APK Slipway can read, or choose the app.</source>
        <translation>Der Paketname ist unbekannt: Veröffentlichen Sie eine APK, die Slipway lesen kann, oder wählen Sie die App.</translation>
    </message>
    <message>
        <source>ManageXR needs a numeric version code (got &quot;%1&quot;).</source>
        <translation>ManageXR braucht einen numerischen Versionscode (erhalten: „%1“).</translation>
    </message>
    <message>
        <source>ManageXR needs a version name; the APK has none, give one.</source>
        <translation>ManageXR braucht einen Versionsnamen; die APK hat keinen, geben Sie einen an.</translation>
    </message>
    <message>
        <source>ManageXR only registers files you host: give the public URL where you host the APK, or set a hosting folder and base URL on the account.</source>
        <translation>ManageXR registriert nur Dateien, die Sie hosten: Geben Sie die öffentliche URL an, unter der Sie die APK hosten, oder richten Sie am Konto einen Hosting-Ordner und eine Basis-URL ein.</translation>
    </message>
    <message>
        <source>Give the public URL where you host the OBB, or set a hosting folder on the account.</source>
        <translation>Geben Sie die öffentliche URL an, unter der Sie die OBB hosten, oder richten Sie am Konto einen Hosting-Ordner ein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL ManageXR can download.</source>
        <translation>„%1“ ist keine http(s)-URL, die ManageXR herunterladen kann.</translation>
    </message>
    <message>
        <source>Account %1 has no API key ID: edit the account and add it.</source>
        <translation>Konto %1 hat keine API-Schlüssel-ID: Bearbeiten Sie das Konto und fügen Sie sie hinzu.</translation>
    </message>
    <message>
        <source>APK URL</source>
        <translation>APK-URL</translation>
    </message>
    <message>
        <source>Public URL where you already host this APK; ManageXR downloads it from there. Empty: copy the APK to the account&apos;s hosting folder.</source>
        <translation>Öffentliche URL, unter der Sie diese APK bereits hosten; ManageXR lädt sie von dort herunter. Leer: Die APK wird in den Hosting-Ordner des Kontos kopiert.</translation>
    </message>
    <message>
        <source>OBB URL</source>
        <translation>OBB-URL</translation>
    </message>
    <message>
        <source>Public URL of the OBB published with the APK; empty: copy it to the hosting folder.</source>
        <translation>Öffentliche URL der mit der APK veröffentlichten OBB; leer: Sie wird in den Hosting-Ordner kopiert.</translation>
    </message>
    <message>
        <source>Version label</source>
        <translation>Versionskennzeichnung</translation>
    </message>
    <message>
        <source>Tells apart builds with the same version code and name (ManageXR versionLabel).</source>
        <translation>Unterscheidet Builds mit gleichem Versionscode und -namen (ManageXR versionLabel).</translation>
    </message>
    <message>
        <source>Release channel</source>
        <translation>Release-Kanal</translation>
    </message>
    <message>
        <source>Name of a release channel to point at the new version; created when it does not exist.</source>
        <translation>Name eines Release-Kanals, der auf die neue Version zeigen soll; wird angelegt, wenn es ihn nicht gibt.</translation>
    </message>
    <message>
        <source>App title</source>
        <translation>App-Titel</translation>
    </message>
    <message>
        <source>Title of the app when ManageXR does not know it yet; default: the APK&apos;s label.</source>
        <translation>Titel der App, solange ManageXR sie noch nicht kennt; Standard: das Label der APK.</translation>
    </message>
    <message>
        <source>Icon URL</source>
        <translation>Symbol-URL</translation>
    </message>
    <message>
        <source>Icon of a new app (https URL); optional.</source>
        <translation>Symbol einer neuen App (https-URL); optional.</translation>
    </message>
    <message>
        <source>Listing ManageXR apps</source>
        <translation>ManageXR-Apps werden aufgelistet</translation>
    </message>
    <message>
        <source>the list of apps</source>
        <translation>die App-Liste</translation>
    </message>
    <message>
        <source>Choose an app to list its versions.</source>
        <translation>Wählen Sie eine App, um ihre Versionen aufzulisten.</translation>
    </message>
    <message>
        <source>Listing versions of %1</source>
        <translation>Versionen von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the app %1</source>
        <translation>die App %1</translation>
    </message>
    <message>
        <source>Preparing the files for ManageXR</source>
        <translation>Die Dateien für ManageXR werden vorbereitet</translation>
    </message>
    <message>
        <source>Looking up %1 on ManageXR</source>
        <translation>%1 wird bei ManageXR nachgeschlagen</translation>
    </message>
    <message>
        <source>Listing the versions of %1</source>
        <translation>Die Versionen von %1 werden aufgelistet</translation>
    </message>
    <message>
        <source>the new app %1</source>
        <translation>die neue App %1</translation>
    </message>
    <message>
        <source>Registering version %1 (%2) of %3</source>
        <translation>Version %1 (%2) von %3 wird registriert</translation>
    </message>
    <message>
        <source>Creating the app %1 with version %2</source>
        <translation>Die App %1 wird mit Version %2 angelegt</translation>
    </message>
    <message>
        <source>Pointing release channel %1 at the new version</source>
        <translation>Release-Kanal %1 wird auf die neue Version gerichtet</translation>
    </message>
    <message>
        <source>the release channels of %1</source>
        <translation>die Release-Kanäle von %1</translation>
    </message>
    <message>
        <source>the release channel %1</source>
        <translation>der Release-Kanal %1</translation>
    </message>
    <message>
        <source>Deleting version %1</source>
        <translation>Version %1 wird gelöscht</translation>
    </message>
    <message>
        <source>Editing version %1</source>
        <translation>Version %1 wird bearbeitet</translation>
    </message>
    <message>
        <source>ManageXR&apos;s versionLabel (PATCH /v1/apps/{packageName}/versions/{versionId}).</source>
        <translation>Der versionLabel von ManageXR (PATCH /v1/apps/{packageName}/versions/{versionId}).</translation>
    </message>
    <message>
        <source>Point this release channel at the version (created when it does not exist).</source>
        <translation>Diesen Release-Kanal auf die Version richten (wird angelegt, wenn es ihn nicht gibt).</translation>
    </message>
    <message>
        <source>Editing needs the app (package name) and the version id.</source>
        <translation>Zum Bearbeiten werden die App (Paketname) und die Versions-ID gebraucht.</translation>
    </message>
    <message>
        <source>ManageXR versions have no release notes; the label and release channels can be changed.</source>
        <translation>ManageXR-Versionen haben keine Versionshinweise; die Kennzeichnung und die Release-Kanäle können geändert werden.</translation>
    </message>
    <message>
        <source>ManageXR cannot edit %1; it can edit the label and release-channel.</source>
        <translation>ManageXR kann %1 nicht bearbeiten; bearbeitbar sind label und release-channel.</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Nichts zu ändern.</translation>
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
    <name>Slipway::OnDemandBytes</name>
    <message>
        <source>a read at offset %1 (%2 bytes) runs past the end (%3 bytes)</source>
        <translation>ein Lesevorgang bei Offset %1 (%2 Bytes) reicht über das Ende hinaus (%3 Bytes)</translation>
    </message>
    <message>
        <source>reading %1 failed: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 ends before the entry does (was it shortened while being read?)</source>
        <translation>%1 endet vor dem Eintrag (wurde die Datei während des Lesens gekürzt?)</translation>
    </message>
</context>
<context>
    <name>Slipway::PackageInspector</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a package file.</source>
        <translation>%1 ist ein Ordner, keine Paketdatei.</translation>
    </message>
    <message>
        <source>%1 cannot be read: permission denied.</source>
        <translation>%1 kann nicht gelesen werden: Zugriff verweigert.</translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes).</source>
        <translation>%1 ist leer (0 Bytes).</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 is an empty zip archive: it holds no files.</source>
        <translation>%1 ist ein leeres Zip-Archiv: Es enthält keine Dateien.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries are encrypted; stores and devices cannot read them.</source>
        <translation>
            <numerusform>%n Eintrag ist verschlüsselt; Stores und Geräte können ihn nicht lesen.</numerusform>
            <numerusform>%n Einträge sind verschlüsselt; Stores und Geräte können sie nicht lesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The archive holds several entries named %1: tools disagree on which one counts.</source>
        <translation>Das Archiv enthält mehrere Einträge namens %1: Werkzeuge sind sich uneins, welcher zählt.</translation>
    </message>
    <message>
        <source>The archive has entries with unsafe paths (absolute, &quot;..&quot; or control characters), such as %1.</source>
        <translation>Das Archiv hat Einträge mit unsicheren Pfaden (absolut, „..“ oder Steuerzeichen), etwa %1.</translation>
    </message>
    <message>
        <source>This is a plain zip archive, not an app package Slipway recognises.</source>
        <translation>Dies ist ein einfaches Zip-Archiv, kein App-Paket, das Slipway erkennt.</translation>
    </message>
    <message>
        <source>%1 belongs to %2, not to %3.</source>
        <translation>%1 gehört zu %2, nicht zu %3.</translation>
    </message>
    <message>
        <source>%1 is for version code %2, but the APK has version code %3.</source>
        <translation>%1 ist für Versionscode %2, aber die APK hat Versionscode %3.</translation>
    </message>
    <message>
        <source>Inspecting %1</source>
        <translation>%1 wird untersucht</translation>
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
    <name>Slipway::Plist</name>
    <message>
        <source>it is shorter than a binary property list&apos;s header and trailer</source>
        <translation>sie ist kürzer als Header und Trailer einer binären Property-List</translation>
    </message>
    <message>
        <source>its trailer gives impossible integer sizes</source>
        <translation>ihr Trailer gibt unmögliche Ganzzahlgrößen an</translation>
    </message>
    <message>
        <source>its object table does not fit in the file</source>
        <translation>ihre Objekttabelle passt nicht in die Datei</translation>
    </message>
    <message>
        <source>its top object is not in the object table</source>
        <translation>ihr oberstes Objekt ist nicht in der Objekttabelle</translation>
    </message>
    <message>
        <source>the object table points outside the objects</source>
        <translation>die Objekttabelle zeigt aus den Objekten hinaus</translation>
    </message>
    <message>
        <source>an object&apos;s length is not an integer</source>
        <translation>die Länge eines Objekts ist keine Ganzzahl</translation>
    </message>
    <message>
        <source>an object&apos;s length does not fit in the file</source>
        <translation>die Länge eines Objekts passt nicht in die Datei</translation>
    </message>
    <message>
        <source>it contains an unknown object type</source>
        <translation>sie enthält einen unbekannten Objekttyp</translation>
    </message>
    <message>
        <source>a number is wider than 128 bits</source>
        <translation>eine Zahl ist breiter als 128 Bit</translation>
    </message>
    <message>
        <source>a string does not fit in the file</source>
        <translation>eine Zeichenkette passt nicht in die Datei</translation>
    </message>
    <message>
        <source>an array has more entries than the file can hold</source>
        <translation>ein Array hat mehr Einträge, als die Datei fassen kann</translation>
    </message>
    <message>
        <source>an array has more than %1 entries</source>
        <translation>ein Array hat mehr als %1 Einträge</translation>
    </message>
    <message>
        <source>a dictionary has more entries than the file can hold</source>
        <translation>ein Dictionary hat mehr Einträge, als die Datei fassen kann</translation>
    </message>
    <message>
        <source>a dictionary has more than %1 entries</source>
        <translation>ein Dictionary hat mehr als %1 Einträge</translation>
    </message>
    <message>
        <source>an object runs past the end of the objects</source>
        <translation>ein Objekt reicht über das Ende der Objekte hinaus</translation>
    </message>
    <message>
        <source>a reference points outside the object table</source>
        <translation>ein Verweis zeigt aus der Objekttabelle hinaus</translation>
    </message>
    <message>
        <source>a dictionary key is not a string</source>
        <translation>ein Dictionary-Schlüssel ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>a dictionary key contains a NUL character</source>
        <translation>ein Dictionary-Schlüssel enthält ein NUL-Zeichen</translation>
    </message>
    <message>
        <source>it expands to more than %1 values</source>
        <translation>sie ergibt mehr als %1 Werte</translation>
    </message>
    <message>
        <source>it is nested deeper than %1 levels</source>
        <translation>sie ist tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>it is not a binary property list</source>
        <translation>sie ist keine binäre Property-List</translation>
    </message>
    <message>
        <source>nested deeper than %1 levels</source>
        <translation>tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>more than %1 values</source>
        <translation>mehr als %1 Werte</translation>
    </message>
    <message>
        <source>a string value is too large</source>
        <translation>ein Zeichenkettenwert ist zu groß</translation>
    </message>
    <message>
        <source>a data value is too large</source>
        <translation>ein Datenwert ist zu groß</translation>
    </message>
    <message>
        <source>it declares XML entities, which no real property list does</source>
        <translation>sie deklariert XML-Entitäten, was keine echte Property-List tut</translation>
    </message>
    <message>
        <source>it has more than %1 elements</source>
        <translation>sie hat mehr als %1 Elemente</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes, which no real property list is.</source>
        <translation>%1 ist größer als %2 Bytes, was keine echte Property-List ist.</translation>
    </message>
    <message>
        <source>%1 is malformed: %2.</source>
        <translation>%1 ist fehlerhaft: %2.</translation>
    </message>
    <message>
        <source>%1 is malformed: XML cannot contain NUL bytes.</source>
        <translation>%1 ist fehlerhaft: XML darf keine NUL-Bytes enthalten.</translation>
    </message>
    <message>
        <source>%1 is neither an XML nor a binary property list.</source>
        <translation>%1 ist weder eine XML- noch eine binäre Property-List.</translation>
    </message>
    <message>
        <source>%1 is a malformed %2 property list.</source>
        <translation>%1 ist eine fehlerhafte %2-Property-List.</translation>
    </message>
</context>
<context>
    <name>Slipway::Preflight</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Choose a connected account, or add this one first.</source>
        <translation>Wählen Sie ein verbundenes Konto, oder fügen Sie dieses zuerst hinzu.</translation>
    </message>
    <message>
        <source>Nothing to publish to %1: no package was given.</source>
        <translation>Nichts an %1 zu veröffentlichen: Es wurde kein Paket übergeben.</translation>
    </message>
    <message>
        <source>Add the package file (APK, AAB, IPA, ...).</source>
        <translation>Fügen Sie die Paketdatei hinzu (APK, AAB, IPA, ...).</translation>
    </message>
    <message>
        <source>%1 cannot be published to %2: %3</source>
        <translation>%1 kann nicht an %2 veröffentlicht werden: %3</translation>
    </message>
    <message>
        <source>Choose a package file Slipway can read.</source>
        <translation>Wählen Sie eine Paketdatei, die Slipway lesen kann.</translation>
    </message>
    <message>
        <source>Check the account in Accounts.</source>
        <translation>Prüfen Sie das Konto unter Konten.</translation>
    </message>
    <message>
        <source>%1 keeps no signer with its versions and its artifacts cannot be downloaded</source>
        <translation>%1 bewahrt zu seinen Versionen keinen Signierer auf, und seine Artefakte können nicht heruntergeladen werden</translation>
    </message>
    <message>
        <source>no temporary folder (%1)</source>
        <translation>kein temporärer Ordner (%1)</translation>
    </message>
    <message>
        <source>version %1 could not be downloaded (%2)</source>
        <translation>Version %1 konnte nicht heruntergeladen werden (%2)</translation>
    </message>
    <message>
        <source>the artifact of version %1 could not be read (%2)</source>
        <translation>das Artefakt von Version %1 konnte nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>the artifact of version %1 is larger than the %2 preflight downloads to read its signer</source>
        <translation>das Artefakt von Version %1 ist größer als die %2, die die Vorabprüfung herunterlädt, um seinen Signierer zu lesen</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>%1 wird geprüft</translation>
    </message>
    <message>
        <source>unknown-platform</source>
        <translation>unbekannte Plattform</translation>
    </message>
    <message>
        <source>%1 takes only %2 builds, and %3 is an %4 %5: nothing was sent.</source>
        <translation>%1 nimmt nur %2-Builds an, und %3 ist ein %4 %5: Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Publish a %1 build there, or choose a destination that takes %2 packages.</source>
        <translation>Veröffentlichen Sie dort einen %1-Build, oder wählen Sie ein Ziel, das %2-Pakete annimmt.</translation>
    </message>
    <message>
        <source>%1 takes %2 builds like %3.</source>
        <translation>%1 nimmt %2-Builds wie %3 an.</translation>
    </message>
    <message>
        <source>%1 is the app &quot;%2&quot; with the id %3, but the package is %4.</source>
        <translation>%1 ist die App „%2“ mit der ID %3, aber das Paket ist %4.</translation>
    </message>
    <message>
        <source>Choose the app %1 on that account, or build the package with the id %2.</source>
        <translation>Wählen Sie die App %1 in diesem Konto, oder bauen Sie das Paket mit der ID %2.</translation>
    </message>
    <message>
        <source>%1 is the app &quot;%2&quot; (%3), the package&apos;s id.</source>
        <translation>%1 ist die App „%2“ (%3), die ID des Pakets.</translation>
    </message>
    <message>
        <source>%1: there is no app %2 on %3.</source>
        <translation>%1: In %3 gibt es keine App %2.</translation>
    </message>
    <message>
        <source>Choose one of the account&apos;s apps (or leave the app empty to match the package id %1).</source>
        <translation>Wählen Sie eine der Apps des Kontos (oder lassen Sie die App leer, damit die Paket-ID %1 zugeordnet wird).</translation>
    </message>
    <message>
        <source>%1 has no app %2 yet: publishing creates it.</source>
        <translation>%1 hat noch keine App %2: Das Veröffentlichen legt sie an.</translation>
    </message>
    <message>
        <source>%1 has no app with the id %2, and %3 cannot create apps from Slipway.</source>
        <translation>%1 hat keine App mit der ID %2, und %3 kann aus Slipway keine Apps anlegen.</translation>
    </message>
    <message>
        <source>Create the app %1 in %2 first, then publish again.</source>
        <translation>Legen Sie die App %1 zuerst in %2 an und veröffentlichen Sie dann erneut.</translation>
    </message>
    <message>
        <source>%1 is %2, over the %3 %4 takes per file (%5).</source>
        <translation>%1 ist %2 groß, mehr als die %3, die %4 je Datei annimmt (%5).</translation>
    </message>
    <message>
        <source>Make the build smaller (split APKs, an OBB or on-demand resources).</source>
        <translation>Machen Sie den Build kleiner (aufgeteilte APKs, eine OBB oder On-Demand-Ressourcen).</translation>
    </message>
    <message>
        <source>%1 needs release notes, and there are none.</source>
        <translation>%1 braucht Versionshinweise, und es gibt keine.</translation>
    </message>
    <message>
        <source>Write what changed in this build.</source>
        <translation>Schreiben Sie, was sich in diesem Build geändert hat.</translation>
    </message>
    <message>
        <source>The release notes are %1 characters; %2 keeps only the first %3 (%4).</source>
        <translation>Die Versionshinweise haben %1 Zeichen; %2 behält nur die ersten %3 (%4).</translation>
    </message>
    <message>
        <source>Shorten the notes to %1 characters.</source>
        <translation>Kürzen Sie die Hinweise auf %1 Zeichen.</translation>
    </message>
    <message>
        <source>%1 needs the field &quot;%2&quot;, and it is empty.</source>
        <translation>%1 braucht das Feld „%2“, und es ist leer.</translation>
    </message>
    <message>
        <source>Fill in &quot;%1&quot;.</source>
        <translation>Füllen Sie „%1“ aus.</translation>
    </message>
    <message>
        <source>Fill in &quot;%1&quot;: %2</source>
        <translation>Füllen Sie „%1“ aus: %2</translation>
    </message>
    <message>
        <source>The versions on %1 could not be read, so the version code was not checked there: %2</source>
        <translation>Die Versionen auf %1 konnten nicht gelesen werden, daher wurde der Versionscode dort nicht geprüft: %2</translation>
    </message>
    <message>
        <source>Check the connection and run the checks again.</source>
        <translation>Prüfen Sie die Verbindung und führen Sie die Prüfungen erneut aus.</translation>
    </message>
    <message>
        <source>%1 already has a version named %2: two versions would carry the same name.</source>
        <translation>%1 hat bereits eine Version namens %2: Zwei Versionen trügen denselben Namen.</translation>
    </message>
    <message>
        <source>Give this release a new version name.</source>
        <translation>Geben Sie diesem Release einen neuen Versionsnamen.</translation>
    </message>
    <message>
        <source>The version name %1 is new on %2.</source>
        <translation>Der Versionsname %1 ist neu auf %2.</translation>
    </message>
    <message>
        <source>build number</source>
        <translation>Build-Nummer</translation>
    </message>
    <message>
        <source>version code</source>
        <translation>Versionscode</translation>
    </message>
    <message>
        <source>%1 already has %2, but the label &quot;%3&quot; makes this a separate version.</source>
        <translation>%1 hat bereits %2, aber die Kennzeichnung „%3“ macht dies zu einer eigenen Version.</translation>
    </message>
    <message>
        <source>Raise the %1 and build again, or give this build a label of its own.</source>
        <translation>Erhöhen Sie die %1 und bauen Sie erneut, oder geben Sie diesem Build eine eigene Kennzeichnung.</translation>
    </message>
    <message>
        <source>Raise the %1 and build again.</source>
        <translation>Erhöhen Sie die %1 und bauen Sie erneut.</translation>
    </message>
    <message>
        <source>%1 already has %2.</source>
        <translation>%1 hat bereits %2.</translation>
    </message>
    <message>
        <source>%1 refuses a lower %2.</source>
        <translation>%1 lehnt eine niedrigere %2 ab.</translation>
    </message>
    <message>
        <source>Devices that have the newer version will not take this one (Android refuses a downgrade).</source>
        <translation>Geräte mit der neueren Version nehmen diese nicht an (Android verweigert ein Downgrade).</translation>
    </message>
    <message>
        <source>Devices that have the newer build will not offer this one as an update.</source>
        <translation>Geräte mit dem neueren Build bieten diesen nicht als Update an.</translation>
    </message>
    <message>
        <source>The %1 %2 is lower than %3, the latest on %4. %5</source>
        <translation>%1 %2 ist niedriger als %3, die neueste auf %4. %5</translation>
    </message>
    <message>
        <source>Use a %1 above %2.</source>
        <translation>Verwenden Sie eine %1 über %2.</translation>
    </message>
    <message>
        <source>The %1 %2 is new on %3 (the latest there is %4).</source>
        <translation>%1 %2 ist neu auf %3 (die neueste dort ist %4).</translation>
    </message>
    <message>
        <source>The %1 %2 is the first version on %3.</source>
        <translation>%1 %2 ist die erste Version auf %3.</translation>
    </message>
    <message>
        <source>build %1</source>
        <translation>Build %1</translation>
    </message>
    <message>
        <source>version code %1</source>
        <translation>Versionscode %1</translation>
    </message>
    <message>
        <source>label &quot;%1&quot;</source>
        <translation>Kennzeichnung „%1“</translation>
    </message>
    <message>
        <source>published %1</source>
        <translation>veröffentlicht %1</translation>
    </message>
    <message>
        <source>%1 refused the account&apos;s credentials: %2</source>
        <translation>%1 hat die Zugangsdaten des Kontos abgelehnt: %2</translation>
    </message>
    <message>
        <source>Renew the account&apos;s key or token in Accounts, then check again.</source>
        <translation>Erneuern Sie Schlüssel oder Token des Kontos unter Konten und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <source>The credentials of %1 work now.</source>
        <translation>Die Zugangsdaten von %1 funktionieren jetzt.</translation>
    </message>
    <message>
        <source>The upload to %1 takes about %2 minutes, longer than a %3-minute App Store Connect token: the parts need none, and the token is signed again for the calls after them.</source>
        <translation>Der Upload zu %1 dauert etwa %2 Minuten, länger als ein App-Store-Connect-Token mit %3 Minuten: Die Teile brauchen keins, und für die Aufrufe danach wird das Token neu signiert.</translation>
    </message>
    <message>
        <source>The upload to %1 takes about %2 minutes, longer than its %3-minute session: the session may expire before the server accepts the file.</source>
        <translation>Der Upload zu %1 dauert etwa %2 Minuten, länger als seine Sitzung mit %3 Minuten: Die Sitzung kann ablaufen, bevor der Server die Datei annimmt.</translation>
    </message>
    <message>
        <source>Upload over a faster connection, or ask the administrator for a longer session.</source>
        <translation>Laden Sie über eine schnellere Verbindung hoch, oder bitten Sie den Administrator um eine längere Sitzung.</translation>
    </message>
    <message>
        <source>The provisioning profile &quot;%1&quot; of %2 expired on %3: devices refuse to install the build from %4.</source>
        <translation>Das Provisioning-Profil „%1“ von %2 ist am %3 abgelaufen: Geräte verweigern die Installation des Builds von %4.</translation>
    </message>
    <message>
        <source>Renew the profile in the Apple Developer portal, then re-sign or rebuild.</source>
        <translation>Erneuern Sie das Profil im Apple-Developer-Portal und signieren oder bauen Sie dann neu.</translation>
    </message>
    <message>
        <source>The provisioning profile &quot;%1&quot; of %2 expires on %3, within %4 days: installs from %5 stop working then.</source>
        <translation>Das Provisioning-Profil „%1“ von %2 läuft am %3 ab, innerhalb von %4 Tagen: Installationen von %5 funktionieren dann nicht mehr.</translation>
    </message>
    <message>
        <source>Renew the profile soon and publish a re-signed build.</source>
        <translation>Erneuern Sie das Profil bald und veröffentlichen Sie einen neu signierten Build.</translation>
    </message>
    <message>
        <source>%1 is signed with the development profile &quot;%2&quot;, which App Store Connect (%3) does not take.</source>
        <translation>%1 ist mit dem Entwicklungsprofil „%2“ signiert, das App Store Connect (%3) nicht annimmt.</translation>
    </message>
    <message>
        <source>Export the archive for App Store Connect distribution (an App Store profile).</source>
        <translation>Exportieren Sie das Archiv für die Verteilung über App Store Connect (ein App-Store-Profil).</translation>
    </message>
    <message>
        <source>The ad-hoc profile &quot;%1&quot; provisions %2 devices: only those can install the build from %3.</source>
        <translation>Das Ad-hoc-Profil „%1“ stellt %2 Geräte bereit: Nur diese können den Build von %3 installieren.</translation>
    </message>
    <message>
        <source>The provisioning profile &quot;%1&quot; (%2) is valid until %3 for %4.</source>
        <translation>Das Provisioning-Profil „%1“ (%2) ist bis %3 für %4 gültig.</translation>
    </message>
    <message>
        <source>Could not check the signer against the previous version on %1: %2.</source>
        <translation>Der Signierer konnte nicht mit der vorherigen Version auf %1 verglichen werden: %2.</translation>
    </message>
    <message>
        <source>Make sure the package is signed with the key of the version already there (or a v3 lineage from it); devices refuse the update otherwise.</source>
        <translation>Stellen Sie sicher, dass das Paket mit dem Schlüssel der dort vorhandenen Version signiert ist (oder einer davon ausgehenden v3-Abstammung); sonst verweigern Geräte das Update.</translation>
    </message>
    <message>
        <source>Signed with the same certificate as %1 on %2 (%3).</source>
        <translation>Mit demselben Zertifikat signiert wie %1 auf %2 (%3).</translation>
    </message>
    <message>
        <source>Signed with a new certificate (%1), and its v3 rotation lineage covers %2&apos;s certificate (%3, SHA-256 %4…), so devices on %5 accept the update.</source>
        <translation>Mit einem neuen Zertifikat signiert (%1), und seine v3-Rotationsabstammung umfasst das Zertifikat von %2 (%3, SHA-256 %4…), daher nehmen Geräte auf %5 das Update an.</translation>
    </message>
    <message>
        <source>The package is signed by %1 (SHA-256 %2…), but %3 on %4 was signed by %5 (SHA-256 %6…): devices refuse the update.</source>
        <translation>Das Paket ist von %1 signiert (SHA-256 %2…), aber %3 auf %4 wurde von %5 signiert (SHA-256 %6…): Geräte verweigern das Update.</translation>
    </message>
    <message>
        <source>Sign with the key of the previous version, or rotate the key with a v3 signing lineage (apksigner rotate, then sign with --lineage).</source>
        <translation>Signieren Sie mit dem Schlüssel der vorherigen Version, oder rotieren Sie den Schlüssel mit einer v3-Signaturabstammung (apksigner rotate, dann mit --lineage signieren).</translation>
    </message>
    <message>
        <source>%1 is not signed: devices refuse to install it from %2.</source>
        <translation>%1 ist nicht signiert: Geräte verweigern die Installation von %2.</translation>
    </message>
    <message>
        <source>Sign it (apksigner sign, or the release signing config of the build).</source>
        <translation>Signieren Sie es (apksigner sign oder die Release-Signaturkonfiguration des Builds).</translation>
    </message>
    <message>
        <source>Sign and export it from Xcode (or codesign it) before publishing.</source>
        <translation>Signieren und exportieren Sie es aus Xcode (oder mit codesign), bevor Sie veröffentlichen.</translation>
    </message>
    <message>
        <source>%1 is signed with the Android debug certificate, and %2 is a production destination.</source>
        <translation>%1 ist mit dem Android-Debug-Zertifikat signiert, und %2 ist ein Produktivziel.</translation>
    </message>
    <message>
        <source>%1 is signed with the Android debug certificate (%2).</source>
        <translation>%1 ist mit dem Android-Debug-Zertifikat signiert (%2).</translation>
    </message>
    <message>
        <source>Build the release variant, signed with the release key.</source>
        <translation>Bauen Sie die Release-Variante, signiert mit dem Release-Schlüssel.</translation>
    </message>
    <message>
        <source>%1 is debuggable, and %2 is a production destination.</source>
        <translation>%1 ist debugfähig, und %2 ist ein Produktivziel.</translation>
    </message>
    <message>
        <source>%1 is debuggable (%2).</source>
        <translation>%1 ist debugfähig (%2).</translation>
    </message>
    <message>
        <source>Build the release variant (android:debuggable false).</source>
        <translation>Bauen Sie die Release-Variante (android:debuggable false).</translation>
    </message>
    <message>
        <source>%1 is signed for release (%2) for %3.</source>
        <translation>%1 ist für das Release signiert (%2) für %3.</translation>
    </message>
    <message>
        <source>Sign the build again; a signature that does not verify installs on no device.</source>
        <translation>Signieren Sie den Build erneut; eine Signatur, die sich nicht verifizieren lässt, installiert sich auf keinem Gerät.</translation>
    </message>
    <message>
        <source>Fix the build, or publish to a destination that is not marked production.</source>
        <translation>Korrigieren Sie den Build, oder veröffentlichen Sie an ein Ziel, das nicht als Produktion markiert ist.</translation>
    </message>
    <message>
        <source>Fix the build before it goes to production.</source>
        <translation>Korrigieren Sie den Build, bevor er in die Produktion geht.</translation>
    </message>
    <message>
        <source>%1 (for %2)</source>
        <translation>%1 (für %2)</translation>
    </message>
    <message>
        <source>Version %1 on %2 is %3: its train takes no new builds.</source>
        <translation>Version %1 auf %2 ist %3: Ihr Train nimmt keine neuen Builds an.</translation>
    </message>
    <message>
        <source>Raise the version string (CFBundleShortVersionString) above %1 and build again.</source>
        <translation>Erhöhen Sie die Versionszeichenkette (CFBundleShortVersionString) über %1 und bauen Sie erneut.</translation>
    </message>
    <message>
        <source>Version %1 is lower than %2, already %3 on %4; App Store Connect takes only higher versions.</source>
        <translation>Version %1 ist niedriger als %2, bereits %3 auf %4; App Store Connect nimmt nur höhere Versionen an.</translation>
    </message>
    <message>
        <source>Use a version string above %1.</source>
        <translation>Verwenden Sie eine Versionszeichenkette über %1.</translation>
    </message>
    <message>
        <source>%1 already has build %2 in version %3%4.</source>
        <translation>%1 hat bereits Build %2 in Version %3%4.</translation>
    </message>
    <message>
        <source>, uploaded %1</source>
        <translation>, hochgeladen %1</translation>
    </message>
    <message>
        <source>Raise the build number (CFBundleVersion) above %1 and build again.</source>
        <translation>Erhöhen Sie die Build-Nummer (CFBundleVersion) über %1 und bauen Sie erneut.</translation>
    </message>
    <message>
        <source>Build %1 is lower than %2, the latest of version %3 on %4; App Store Connect refuses it.</source>
        <translation>Build %1 ist niedriger als %2, der neueste von Version %3 auf %4; App Store Connect lehnt ihn ab.</translation>
    </message>
    <message>
        <source>Raise the build number (CFBundleVersion) above %1.</source>
        <translation>Erhöhen Sie die Build-Nummer (CFBundleVersion) über %1.</translation>
    </message>
    <message>
        <source>Build %1 is new in the version %2 train on %3%4.</source>
        <translation>Build %1 ist neu im Train der Version %2 auf %3%4.</translation>
    </message>
    <message>
        <source> (version %1 used the same build number)</source>
        <translation> (Version %1 hat dieselbe Build-Nummer verwendet)</translation>
    </message>
</context>
<context>
    <name>Slipway::ProtoManifest</name>
    <message>
        <source>The bundle&apos;s protobuf resources are malformed: %1.</source>
        <translation>Die Protobuf-Ressourcen des Bundles sind fehlerhaft: %1.</translation>
    </message>
    <message>
        <source>elements are nested deeper than %1 levels</source>
        <translation>Elemente sind tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>more than %1 elements</source>
        <translation>mehr als %1 Elemente</translation>
    </message>
    <message>
        <source>an element is truncated</source>
        <translation>ein Element ist abgeschnitten</translation>
    </message>
    <message>
        <source>the manifest has no root element</source>
        <translation>das Manifest hat kein Wurzelelement</translation>
    </message>
    <message>
        <source>more than %1 resources</source>
        <translation>mehr als %1 Ressourcen</translation>
    </message>
    <message>
        <source>a resource entry is truncated</source>
        <translation>ein Ressourceneintrag ist abgeschnitten</translation>
    </message>
    <message>
        <source>a resource type is truncated</source>
        <translation>ein Ressourcentyp ist abgeschnitten</translation>
    </message>
    <message>
        <source>a resource package is truncated</source>
        <translation>ein Ressourcenpaket ist abgeschnitten</translation>
    </message>
    <message>
        <source>the resource table is truncated</source>
        <translation>die Ressourcentabelle ist abgeschnitten</translation>
    </message>
</context>
<context>
    <name>Slipway::Provisioning</name>
    <message>
        <source>The provisioning profile is empty.</source>
        <translation>Das Provisioning-Profil ist leer.</translation>
    </message>
    <message>
        <source>The provisioning profile is implausibly large.</source>
        <translation>Das Provisioning-Profil ist unplausibel groß.</translation>
    </message>
    <message>
        <source>Out of memory while reading the provisioning profile.</source>
        <translation>Kein Speicher mehr beim Lesen des Provisioning-Profils.</translation>
    </message>
    <message>
        <source>The provisioning profile is not a valid CMS (PKCS#7) signed message.</source>
        <translation>Das Provisioning-Profil ist keine gültige CMS-signierte (PKCS#7) Nachricht.</translation>
    </message>
    <message>
        <source>The provisioning profile is not a CMS signed-data message.</source>
        <translation>Das Provisioning-Profil ist keine CMS-signed-data-Nachricht.</translation>
    </message>
    <message>
        <source>The provisioning profile&apos;s CMS message carries no content.</source>
        <translation>Die CMS-Nachricht des Provisioning-Profils hat keinen Inhalt.</translation>
    </message>
    <message>
        <source>The provisioning profile&apos;s property list</source>
        <translation>Die Property-List des Provisioning-Profils</translation>
    </message>
    <message>
        <source>The provisioning profile&apos;s property list is not a dictionary.</source>
        <translation>Die Property-List des Provisioning-Profils ist kein Dictionary.</translation>
    </message>
    <message>
        <source>The property list is not a provisioning profile (no Name, UUID or Entitlements).</source>
        <translation>Die Property-List ist kein Provisioning-Profil (kein Name, keine UUID oder Entitlements).</translation>
    </message>
    <message>
        <source>A certificate could not be decoded.</source>
        <translation>Ein Zertifikat konnte nicht dekodiert werden.</translation>
    </message>
</context>
<context>
    <name>Slipway::Prune</name>
    <message>
        <source>Say what to remove: keep the latest N versions, or remove versions older than N days.</source>
        <translation>Geben Sie an, was entfernt werden soll: die neuesten N Versionen behalten oder Versionen entfernen, die älter als N Tage sind.</translation>
    </message>
    <message>
        <source>The number of versions and of days cannot be negative.</source>
        <translation>Die Anzahl der Versionen und der Tage darf nicht negativ sein.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weitere</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Slipway::PruneJob</name>
    <message>
        <source>The account was removed while its versions were being deleted.</source>
        <translation>Das Konto wurde entfernt, während seine Versionen gelöscht wurden.</translation>
    </message>
    <message>
        <source>Deleting %1 (%2 of %3)</source>
        <translation>%1 wird gelöscht (%2 von %3)</translation>
    </message>
</context>
<context>
    <name>Slipway::QrCode</name>
    <message>
        <source>There is no link to encode as a QR code.</source>
        <translation>Es gibt keinen Link, der als QR-Code kodiert werden kann.</translation>
    </message>
    <message>
        <source>The link is too long for a QR code (%1 bytes; a QR code holds at most about 2,300 at this error correction).</source>
        <translation>Der Link ist zu lang für einen QR-Code (%1 Bytes; ein QR-Code fasst bei dieser Fehlerkorrektur höchstens etwa 2.300).</translation>
    </message>
    <message>
        <source>The QR code could not be rendered as PNG.</source>
        <translation>Der QR-Code konnte nicht als PNG gerendert werden.</translation>
    </message>
    <message>
        <source>Save the QR code as .png or .svg (%1 has neither suffix).</source>
        <translation>Speichern Sie den QR-Code als .png oder .svg (%1 hat keine dieser Endungen).</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
</context>
<context>
    <name>Slipway::ReleaseQueue</name>
    <message>
        <source>%1 is already %2.</source>
        <translation>%1 ist bereits %2.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 is %2; only a failed or cancelled destination can be retried.</source>
        <translation>%1 ist %2; nur ein fehlgeschlagenes oder abgebrochenes Ziel kann wiederholt werden.</translation>
    </message>
</context>
<context>
    <name>Slipway::ReleaseStore</name>
    <message>
        <source>The clean-up history in %1 cannot be written: %2</source>
        <translation>Der Bereinigungsverlauf in %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The release state database %1 cannot be written: %2</source>
        <translation>Die Release-Zustandsdatenbank %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The release state database %1 %2; it was kept as %3 and a new, empty one was started (the release history starts over; the libraries and accounts were not touched).</source>
        <translation>Die Release-Zustandsdatenbank %1 %2; sie wurde als %3 aufbewahrt, und eine neue, leere wurde begonnen (der Release-Verlauf beginnt von vorn; Bibliotheken und Konten wurden nicht angetastet).</translation>
    </message>
    <message>
        <source>The folder %1 for the release state database cannot be created.</source>
        <translation>Der Ordner %1 für die Release-Zustandsdatenbank kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>is not a database Slipway can read (%1)</source>
        <translation>ist keine Datenbank, die Slipway lesen kann (%1)</translation>
    </message>
    <message>
        <source>is damaged (%1)</source>
        <translation>ist beschädigt (%1)</translation>
    </message>
    <message>
        <source>was written by a newer Slipway (schema %1; this version knows %2)</source>
        <translation>wurde von einem neueren Slipway geschrieben (Schema %1; diese Version kennt %2)</translation>
    </message>
    <message>
        <source>There is no release %1 in the history.</source>
        <translation>Im Verlauf gibt es kein Release %1.</translation>
    </message>
    <message>
        <source>There is no destination %1 in the history.</source>
        <translation>Im Verlauf gibt es kein Ziel %1.</translation>
    </message>
</context>
<context>
    <name>Slipway::ResourceTable</name>
    <message>
        <source>resources.arsc is not a valid resource table: %1.</source>
        <translation>resources.arsc ist keine gültige Ressourcentabelle: %1.</translation>
    </message>
    <message>
        <source>it does not start with a table chunk</source>
        <translation>sie beginnt nicht mit einem Tabellen-Chunk</translation>
    </message>
    <message>
        <source>the table header size is out of range</source>
        <translation>die Größe des Tabellen-Headers liegt außerhalb des gültigen Bereichs</translation>
    </message>
    <message>
        <source>a chunk at offset %1 has an impossible size</source>
        <translation>ein Chunk bei Offset %1 hat eine unmögliche Größe</translation>
    </message>
    <message>
        <source>a package chunk is truncated</source>
        <translation>ein Paket-Chunk ist abgeschnitten</translation>
    </message>
    <message>
        <source>a chunk inside package 0x%1 has an impossible size</source>
        <translation>ein Chunk in Paket 0x%1 hat eine unmögliche Größe</translation>
    </message>
    <message>
        <source>it has more than %1 type chunks</source>
        <translation>sie hat mehr als %1 Typ-Chunks</translation>
    </message>
    <message>
        <source>it has no value string pool</source>
        <translation>sie hat keinen String-Pool für Werte</translation>
    </message>
    <message>
        <source>resources.arsc cannot be read: %1.</source>
        <translation>resources.arsc kann nicht gelesen werden: %1.</translation>
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
    <name>Slipway::StringsFile</name>
    <message>
        <source>The strings file is too large.</source>
        <translation>Die Strings-Datei ist zu groß.</translation>
    </message>
    <message>
        <source>The strings file is malformed near character %1.</source>
        <translation>Die Strings-Datei ist nahe Zeichen %1 fehlerhaft.</translation>
    </message>
</context>
<context>
    <name>Slipway::TeamLibrary</name>
    <message>
        <source>Version %1 of %2 is not in the team library.</source>
        <translation>Version %1 von %2 ist nicht in der Team-Bibliothek.</translation>
    </message>
    <message>
        <source>%1 has no version %2 in the team library.</source>
        <translation>%1 hat keine Version %2 in der Team-Bibliothek.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2); nothing was published.</source>
        <translation>%1 konnte nicht gelesen werden (%2); nichts wurde veröffentlicht.</translation>
    </message>
    <message>
        <source>%1 changed while it was being published (its SHA-256 is not the one inspected); nothing was published.</source>
        <translation>%1 hat sich während des Veröffentlichens verändert (sein SHA-256 ist nicht der untersuchte); nichts wurde veröffentlicht.</translation>
    </message>
    <message>
        <source>Nothing to publish.</source>
        <translation>Nichts zu veröffentlichen.</translation>
    </message>
    <message>
        <source>%1 has no package id; choose the app to publish it to.</source>
        <translation>%1 hat keine Paket-ID; wählen Sie die App, in der es veröffentlicht werden soll.</translation>
    </message>
    <message>
        <source>%1 has no version code; enter one to publish it.</source>
        <translation>%1 hat keinen Versionscode; geben Sie einen ein, um es zu veröffentlichen.</translation>
    </message>
    <message>
        <source>version code %1</source>
        <translation>Versionscode %1</translation>
    </message>
    <message>
        <source>version code %1 with label &quot;%2&quot;</source>
        <translation>Versionscode %1 mit der Kennzeichnung „%2“</translation>
    </message>
    <message>
        <source>%1 already has %2 in the team library. Raise the version code, or give this build a different label.</source>
        <translation>%1 hat bereits %2 in der Team-Bibliothek. Erhöhen Sie den Versionscode oder geben Sie diesem Build eine andere Kennzeichnung.</translation>
    </message>
    <message>
        <source>Publishing was cancelled; nothing was stored.</source>
        <translation>Das Veröffentlichen wurde abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The team library has no field &quot;%1&quot;; only the notes and the label can change.</source>
        <translation>Die Team-Bibliothek hat kein Feld „%1“; nur die Hinweise und die Kennzeichnung können sich ändern.</translation>
    </message>
    <message>
        <source>%1 already has another version with this version code and label &quot;%2&quot;.</source>
        <translation>%1 hat bereits eine andere Version mit diesem Versionscode und der Kennzeichnung „%2“.</translation>
    </message>
    <message>
        <source>%1 could not be written (%2).</source>
        <translation>%1 konnte nicht geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>The stored %1 does not match its checksum; nothing was saved. Tell the team library&apos;s administrator.</source>
        <translation>Das gespeicherte %1 passt nicht zu seiner Prüfsumme; nichts wurde gespeichert. Wenden Sie sich an den Administrator der Team-Bibliothek.</translation>
    </message>
    <message>
        <source>Cancelled; nothing was saved.</source>
        <translation>Abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>%1 could not be read to the end (%2); nothing was saved.</source>
        <translation>%1 konnte nicht bis zum Ende gelesen werden (%2); nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The artifact&apos;s location %1 is not a large object.</source>
        <translation>Der Ort %1 des Artefakts ist kein Large Object.</translation>
    </message>
    <message>
        <source>The download could not be written (%1).</source>
        <translation>Der Download konnte nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <source>The team library&apos;s url must look like postgresql://USER@HOST:PORT/DATABASE.</source>
        <translation>Die URL der Team-Bibliothek muss die Form postgresql://BENUTZER@HOST:PORT/DATENBANK haben.</translation>
    </message>
    <message>
        <source>The team library&apos;s url holds a password; remove it from the url and keep it in the keychain.</source>
        <translation>Die URL der Team-Bibliothek enthält ein Passwort; entfernen Sie es aus der URL und bewahren Sie es im Schlüsselbund auf.</translation>
    </message>
    <message>
        <source>sslmode must be one of %1.</source>
        <translation>sslmode muss eins von %1 sein.</translation>
    </message>
    <message>
        <source>Out of memory while connecting to the team library.</source>
        <translation>Kein Speicher mehr beim Verbinden mit der Team-Bibliothek.</translation>
    </message>
    <message>
        <source>The team library at %1 refused the sign-in of user %2; check the user in the url and the password in the keychain.</source>
        <translation>Die Team-Bibliothek unter %1 hat die Anmeldung des Benutzers %2 abgelehnt; prüfen Sie den Benutzer in der URL und das Passwort im Schlüsselbund.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>The server of the team library has no database %1; check the url or create the database.</source>
        <translation>Der Server der Team-Bibliothek hat keine Datenbank %1; prüfen Sie die URL oder legen Sie die Datenbank an.</translation>
    </message>
    <message>
        <source>The secure connection to the team library at %1 failed (%2); check sslmode, sslrootcert and that the server&apos;s certificate names this host.</source>
        <translation>Die sichere Verbindung zur Team-Bibliothek unter %1 ist fehlgeschlagen (%2); prüfen Sie sslmode, sslrootcert und ob das Zertifikat des Servers diesen Host nennt.</translation>
    </message>
    <message>
        <source>The team library&apos;s server at %1 does not answer (%2); check that PostgreSQL runs there and the url.</source>
        <translation>Der Server der Team-Bibliothek unter %1 antwortet nicht (%2); prüfen Sie, ob dort PostgreSQL läuft, und die URL.</translation>
    </message>
    <message>
        <source>The connection to the team library at %1 was lost; nothing of this operation was saved. Check the server and try again.</source>
        <translation>Die Verbindung zur Team-Bibliothek unter %1 ist abgerissen; nichts von diesem Vorgang wurde gespeichert. Prüfen Sie den Server und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>This version is already in the team library.</source>
        <translation>Diese Version ist bereits in der Team-Bibliothek.</translation>
    </message>
    <message>
        <source>User %1 may not change the team library at %2; publishing, editing and deleting need the slipway_publisher role.</source>
        <translation>Benutzer %1 darf die Team-Bibliothek unter %2 nicht ändern; Veröffentlichen, Bearbeiten und Löschen brauchen die Rolle slipway_publisher.</translation>
    </message>
    <message>
        <source>The database at %1 holds no team library yet; an administrator sets it up with Slipway&apos;s team init.</source>
        <translation>Die Datenbank unter %1 enthält noch keine Team-Bibliothek; ein Administrator richtet sie mit Slipways team init ein.</translation>
    </message>
    <message>
        <source>The operation was cancelled; nothing was saved.</source>
        <translation>Der Vorgang wurde abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The team library&apos;s server at %1 is out of resources (%2); nothing was saved.</source>
        <translation>Dem Server der Team-Bibliothek unter %1 gehen die Ressourcen aus (%2); nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The team library at %1 refused the operation (%2).</source>
        <translation>Die Team-Bibliothek unter %1 hat den Vorgang abgelehnt (%2).</translation>
    </message>
    <message>
        <source>The team library at %1 has schema version %2, newer than this Slipway understands (%3); update Slipway.</source>
        <translation>Die Team-Bibliothek unter %1 hat die Schemaversion %2, neuer als dieses Slipway versteht (%3); aktualisieren Sie Slipway.</translation>
    </message>
    <message>
        <source>The team library at %1 has schema version %2 and this Slipway needs %3; an administrator migrates it with Slipway&apos;s team init.</source>
        <translation>Die Team-Bibliothek unter %1 hat die Schemaversion %2, und dieses Slipway braucht %3; ein Administrator migriert sie mit Slipways team init.</translation>
    </message>
    <message>
        <source>The team library at %1 has schema version %2, newer than this Slipway understands (%3); nothing was changed. Update Slipway.</source>
        <translation>Die Team-Bibliothek unter %1 hat die Schemaversion %2, neuer als dieses Slipway versteht (%3); nichts wurde geändert. Aktualisieren Sie Slipway.</translation>
    </message>
    <message>
        <source>The team library needs libpq, PostgreSQL&apos;s client library (Debian package libpq5), and it cannot be loaded.</source>
        <translation>Die Teambibliothek benötigt libpq, die Client-Bibliothek von PostgreSQL (Debian-Paket libpq5), und sie lässt sich nicht laden.</translation>
    </message>
</context>
<context>
    <name>Slipway::TeamListener</name>
    <message>
        <source>The live connection to the team library at %1 was lost; reconnecting.</source>
        <translation>Die Live-Verbindung zur Team-Bibliothek unter %1 ist abgerissen; es wird neu verbunden.</translation>
    </message>
</context>
<context>
    <name>Slipway::TeamProvider</name>
    <message>
        <source>Database URL</source>
        <translation>Datenbank-URL</translation>
    </message>
    <message>
        <source>postgresql://USER@HOST:PORT/DATABASE of the team library (the password goes to the keychain, not here); a Unix socket folder is given as ?host=/path.</source>
        <translation>postgresql://BENUTZER@HOST:PORT/DATENBANK der Team-Bibliothek (das Passwort kommt in den Schlüsselbund, nicht hierher); ein Unix-Socket-Ordner wird als ?host=/pfad angegeben.</translation>
    </message>
    <message>
        <source>TLS mode</source>
        <translation>TLS-Modus</translation>
    </message>
    <message>
        <source>How the connection is secured: verify-full checks the server&apos;s certificate and name against sslrootcert.</source>
        <translation>Wie die Verbindung gesichert wird: verify-full prüft Zertifikat und Namen des Servers gegen sslrootcert.</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>The CA certificate (PEM file) that verify-ca and verify-full check the server against.</source>
        <translation>Das CA-Zertifikat (PEM-Datei), gegen das verify-ca und verify-full den Server prüfen.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>The database user&apos;s password; kept only in the OS keychain (none: ~/.pgpass or the server&apos;s trust rules).</source>
        <translation>Das Passwort des Datenbankbenutzers; wird nur im Schlüsselbund des Betriebssystems aufbewahrt (keins: ~/.pgpass oder die Trust-Regeln des Servers).</translation>
    </message>
    <message>
        <source>Team library</source>
        <translation>Team-Bibliothek</translation>
    </message>
    <message>
        <source>One catalog and artifact store on PostgreSQL for a whole release team: publish, browse, download, edit and delete versions, live in every window.</source>
        <translation>Ein Katalog und Artefaktspeicher auf PostgreSQL für ein ganzes Release-Team: Versionen veröffentlichen, durchsuchen, herunterladen, bearbeiten und löschen, live in jedem Fenster.</translation>
    </message>
    <message>
        <source>Team library (%1)</source>
        <translation>Team-Bibliothek (%1)</translation>
    </message>
    <message>
        <source>Reading the team library</source>
        <translation>Die Team-Bibliothek wird gelesen</translation>
    </message>
    <message>
        <source>Reading versions of %1</source>
        <translation>Versionen von %1 werden gelesen</translation>
    </message>
    <message>
        <source>No file to publish.</source>
        <translation>Keine Datei zum Veröffentlichen.</translation>
    </message>
    <message>
        <source>Publishing %1 to the team library</source>
        <translation>%1 wird in der Team-Bibliothek veröffentlicht</translation>
    </message>
    <message>
        <source>Removing version %1 of %2</source>
        <translation>Version %1 von %2 wird entfernt</translation>
    </message>
    <message>
        <source>Saving version %1 of %2</source>
        <translation>Version %1 von %2 wird gespeichert</translation>
    </message>
    <message>
        <source>Updating version %1 of %2</source>
        <translation>Version %1 von %2 wird aktualisiert</translation>
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
    <name>Slipway::ZipArchive</name>
    <message>
        <source>%1 is damaged or incomplete: it starts like a zip archive but its end is missing (an interrupted download or copy?). Get the file again.</source>
        <translation>%1 ist beschädigt oder unvollständig: Sie beginnt wie ein Zip-Archiv, aber ihr Ende fehlt (ein unterbrochener Download oder Kopiervorgang?). Holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>%1 is not a zip archive, so it cannot be an app package.</source>
        <translation>%1 ist kein Zip-Archiv und kann daher kein App-Paket sein.</translation>
    </message>
    <message>
        <source>%1 is damaged: its zip structure is inconsistent (truncated or corrupt download?).</source>
        <translation>%1 ist beschädigt: Ihre Zip-Struktur ist widersprüchlich (abgeschnittener oder beschädigter Download?).</translation>
    </message>
    <message>
        <source>%1 is one part of a split (multi-disk) zip archive, which packages never are.</source>
        <translation>%1 ist ein Teil eines geteilten (mehrteiligen) Zip-Archivs, was Pakete nie sind.</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>%1 konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 is too large or malformed to open.</source>
        <translation>%1 ist zu groß oder zu fehlerhaft, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>%1 could not be opened as a zip archive.</source>
        <translation>%1 konnte nicht als Zip-Archiv geöffnet werden.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a package file.</source>
        <translation>%1 ist ein Ordner, keine Paketdatei.</translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes).</source>
        <translation>%1 ist leer (0 Bytes).</translation>
    </message>
    <message>
        <source>%1 cannot be read: permission denied.</source>
        <translation>%1 kann nicht gelesen werden: Zugriff verweigert.</translation>
    </message>
    <message>
        <source>The archive has no entry %1.</source>
        <translation>Das Archiv hat keinen Eintrag %1.</translation>
    </message>
    <message>
        <source>%1 is encrypted inside the archive and cannot be read.</source>
        <translation>%1 ist im Archiv verschlüsselt und kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 declares %2 bytes uncompressed, more than the %3 bytes Slipway reads (zip bomb?).</source>
        <translation>%1 gibt %2 Bytes unkomprimiert an, mehr als die %3 Bytes, die Slipway liest (Zip-Bombe?).</translation>
    </message>
    <message>
        <source>%1 expands beyond %2 bytes (zip bomb?).</source>
        <translation>%1 entpackt sich auf mehr als %2 Bytes (Zip-Bombe?).</translation>
    </message>
    <message>
        <source>%1 cannot be read from the archive: %2.</source>
        <translation>%1 kann nicht aus dem Archiv gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 is damaged inside the archive: %2.</source>
        <translation>%1 ist im Archiv beschädigt: %2.</translation>
    </message>
    <message>
        <source>%1: a read outside the entry was refused.</source>
        <translation>%1: Ein Lesezugriff außerhalb des Eintrags wurde verweigert.</translation>
    </message>
    <message>
        <source>%1 cannot be inflated: out of memory.</source>
        <translation>%1 kann nicht entpackt werden: kein Speicher mehr.</translation>
    </message>
    <message>
        <source>the data is neither stored nor deflated</source>
        <translation>die Daten sind weder gespeichert noch mit Deflate komprimiert</translation>
    </message>
    <message>
        <source>the deflated data ends early</source>
        <translation>die mit Deflate komprimierten Daten enden vorzeitig</translation>
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
