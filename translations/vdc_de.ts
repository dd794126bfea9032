<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>vdc Console</source>
        <translation>vdc-Konsole</translation>
    </message>
    <message>
        <source>The desktop console of vdc. Without --connect it runs its own operations engine; with neither --connect nor --database it also starts a demo data center of three hosts.</source>
        <translation>Die Desktop-Konsole von vdc. Ohne --connect betreibt sie ihren eigenen Betriebsdienst; ohne --connect und ohne --database startet sie zusätzlich ein Demo-Rechenzentrum mit drei Hosts.</translation>
    </message>
    <message>
        <source>Connect to the vdc-opsd at &lt;endpoint&gt;.</source>
        <translation>Mit dem vdc-opsd unter &lt;endpoint&gt; verbinden.</translation>
    </message>
    <message>
        <source>Keep the embedded engine&apos;s operations database in &lt;path&gt;.</source>
        <translation>Die Betriebsdatenbank des eingebetteten Dienstes in &lt;path&gt; ablegen.</translation>
    </message>
    <message>
        <source>Start the demo data center (three hosts).</source>
        <translation>Das Demo-Rechenzentrum starten (drei Hosts).</translation>
    </message>
    <message>
        <source>Start with an empty embedded engine.</source>
        <translation>Mit einem leeren eingebetteten Dienst starten.</translation>
    </message>
    <message>
        <source>Once the state has arrived, save the main window to &lt;file&gt; (PNG) and exit.</source>
        <translation>Sobald der Zustand eingetroffen ist, das Hauptfenster als &lt;file&gt; (PNG) speichern und beenden.</translation>
    </message>
    <message>
        <source>--demo and --no-demo contradict each other; give one.</source>
        <translation>--demo und --no-demo widersprechen sich; geben Sie nur eines an.</translation>
    </message>
    <message>
        <source>What the demo&apos;s hosts run on: real (libvirtd with QEMU/KVM guests, needs root), test (libvirt&apos;s test driver) or auto (real where possible, default).</source>
        <translation>Worauf die Hosts der Demo laufen: real (libvirtd mit QEMU/KVM-Gästen, braucht root), test (der Test-Treiber von libvirt) oder auto (real, wo möglich; Voreinstellung).</translation>
    </message>
    <message>
        <source>What --screenshot shows: window (the whole main window, default), map, calendar or charts.</source>
        <translation>Was --screenshot zeigt: window (das ganze Hauptfenster, Voreinstellung), map, calendar oder charts.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::AddHostDialog</name>
    <message>
        <source>Add Host</source>
        <translation>Host hinzufügen</translation>
    </message>
    <message>
        <source>for example host4</source>
        <translation>zum Beispiel host4</translation>
    </message>
    <message>
        <source>for example tcp://192.0.2.10:5600</source>
        <translation>zum Beispiel tcp://192.0.2.10:5600</translation>
    </message>
    <message>
        <source>no zone</source>
        <translation>keine Zone</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Agent endpoint:</source>
        <translation>&amp;Agent-Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>The agent endpoint is the ROUTER address of the host&apos;s vdc-agent (its --listen option).</source>
        <translation>Der Agent-Endpunkt ist die ROUTER-Adresse des vdc-agent auf dem Host (seine Option --listen).</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Give the host a name.</source>
        <translation>Geben Sie dem Host einen Namen.</translation>
    </message>
    <message>
        <source>A host named %1 is already registered.</source>
        <translation>Ein Host namens %1 ist bereits registriert.</translation>
    </message>
    <message>
        <source>Give the endpoint of the host&apos;s vdc-agent, such as tcp://192.0.2.10:5600.</source>
        <translation>Geben Sie den Endpunkt des vdc-agent auf dem Host an, etwa tcp://192.0.2.10:5600.</translation>
    </message>
    <message>
        <source>The agent endpoint &quot;%1&quot; is not a ZeroMQ endpoint; it starts with tcp://, ipc:// or inproc://.</source>
        <translation>Der Agent-Endpunkt „%1“ ist kein ZeroMQ-Endpunkt; er beginnt mit tcp://, ipc:// oder inproc://.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::AuditLogModel</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>vdc::gui::AuditLogPanel</name>
    <message>
        <source>&amp;Since:</source>
        <translation>&amp;Seit:</translation>
    </message>
    <message>
        <source>object, for example prod/web1</source>
        <translation>Objekt, zum Beispiel prod/web1</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Object:</source>
        <translation>Objekt:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Asking the engine for the audit log...</source>
        <translation>Das Prüfprotokoll wird beim Dienst abgefragt …</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Das Prüfprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s), newest first.</source>
        <translation>
            <numerusform>%n Ereignis, neuestes zuerst.</numerusform>
            <numerusform>%n Ereignisse, neueste zuerst.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::BoundaryPreviewWidget</name>
    <message>
        <source>Next policy change</source>
        <translation>Nächster Richtlinienwechsel</translation>
    </message>
    <message>
        <source>The engine could not say what changes next: %1</source>
        <translation>Der Dienst konnte nicht sagen, was sich als Nächstes ändert: %1</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>weniger als eine Minute</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 Tg.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 Tg. %2 h</translation>
    </message>
    <message>
        <source>%1 today</source>
        <translation>Heute um %1</translation>
    </message>
    <message>
        <source>%1 tomorrow</source>
        <translation>Morgen um %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>Am %2 um %1</translation>
    </message>
    <message>
        <source>Now: policy set %1 is due to be in force</source>
        <translation>Jetzt: Richtliniensatz %1 ist planmäßig in Kraft</translation>
    </message>
    <message>
        <source>At %1 (in %2): policy set %3 comes into force</source>
        <translation>%1 (in %2): Richtliniensatz %3 tritt in Kraft</translation>
    </message>
    <message>
        <source>Choose a domain to see its next policy change.</source>
        <translation>Wählen Sie eine Domäne, um ihren nächsten Richtlinienwechsel zu sehen.</translation>
    </message>
    <message>
        <source>Asking the engine what changes next...</source>
        <translation>Der Dienst wird gefragt, was sich als Nächstes ändert …</translation>
    </message>
    <message>
        <source>No policy change ahead in domain %1: no calendar entry begins or ends from now on.</source>
        <translation>Kein Richtlinienwechsel in der Domäne %1 vorgesehen: Ab jetzt beginnt oder endet kein Kalendereintrag.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarEntryDialog</name>
    <message>
        <source>New Calendar Entry in %1</source>
        <translation>Neuer Kalendereintrag in %1</translation>
    </message>
    <message>
        <source>for example business-hours</source>
        <translation>zum Beispiel business-hours</translation>
    </message>
    <message>
        <source>for</source>
        <translation>für</translation>
    </message>
    <message>
        <source>until</source>
        <translation>bis</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Where entries overlap, the one with the higher priority is in force.</source>
        <translation>Wo sich Einträge überschneiden, gilt der mit der höheren Priorität.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Policy set:</source>
        <translation>Richtlinien&amp;satz:</translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation>&amp;Beginn:</translation>
    </message>
    <message>
        <source>&amp;Lasts:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation>P&amp;riorität:</translation>
    </message>
    <message>
        <source>&amp;Repeats:</source>
        <translation>&amp;Wiederholung:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Edit Calendar Entry %1 in %2</source>
        <translation>Kalendereintrag %1 in %2 bearbeiten</translation>
    </message>
    <message>
        <source>An entry keeps its name; to rename it, create a new entry and delete this one.</source>
        <translation>Ein Eintrag behält seinen Namen; um ihn umzubenennen, legen Sie einen neuen Eintrag an und löschen diesen.</translation>
    </message>
    <message>
        <source>Give the entry a name, for example business-hours.</source>
        <translation>Geben Sie dem Eintrag einen Namen, zum Beispiel business-hours.</translation>
    </message>
    <message>
        <source>Domain %1 already has a calendar entry named %2; choose another name or edit that entry.</source>
        <translation>Die Domäne %1 hat bereits einen Kalendereintrag namens %2; wählen Sie einen anderen Namen oder bearbeiten Sie diesen Eintrag.</translation>
    </message>
    <message>
        <source>Domain %1 has no policy sets to put in force; create one first (vdcctl policy create).</source>
        <translation>Die Domäne %1 hat keine Richtliniensätze, die in Kraft gesetzt werden könnten; legen Sie zuerst einen an (vdcctl policy create).</translation>
    </message>
    <message>
        <source>An entry must last a while; give a duration of at least one minute.</source>
        <translation>Ein Eintrag muss eine Weile dauern; geben Sie eine Dauer von mindestens einer Minute an.</translation>
    </message>
    <message>
        <source>The end (%1) is before the start (%2); give an end after the start.</source>
        <translation>Das Ende (%1) liegt vor dem Beginn (%2); geben Sie ein Ende nach dem Beginn an.</translation>
    </message>
    <message>
        <source>The end is the same moment as the start; give an end after the start.</source>
        <translation>Das Ende ist derselbe Zeitpunkt wie der Beginn; geben Sie ein Ende nach dem Beginn an.</translation>
    </message>
    <message>
        <source>Give a time zone, for example Europe/Berlin or UTC.</source>
        <translation>Geben Sie eine Zeitzone an, zum Beispiel Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>The time zone &quot;%1&quot; has characters no zone name has; choose one from the list, for example Europe/Berlin or UTC.</source>
        <translation>Die Zeitzone „%1“ enthält Zeichen, die in keinem Zonennamen vorkommen; wählen Sie eine aus der Liste, zum Beispiel Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>The time zone %1 is not known; choose one from the list, for example Europe/Berlin or UTC.</source>
        <translation>Die Zeitzone %1 ist nicht bekannt; wählen Sie eine aus der Liste, zum Beispiel Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>(the repeat is not complete yet)</source>
        <translation>(die Wiederholung ist noch nicht vollständig)</translation>
    </message>
    <message>
        <source>No RRULE: it happens once.</source>
        <translation>Keine RRULE: Der Eintrag findet einmal statt.</translation>
    </message>
    <message>
        <source>RRULE: %1</source>
        <translation>RRULE: %1</translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarEntryModel</name>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Once, %1 %2, for %3</source>
        <translation>Einmalig, %1 %2, für %3</translation>
    </message>
    <message>
        <source>%1, for %2</source>
        <translation>%1, für %2</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Policy set</source>
        <translation>Richtliniensatz</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarMonthView</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>all day %1</source>
        <translation>ganztägig %1</translation>
    </message>
    <message>
        <source>until %1 %2</source>
        <translation>bis %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weiterer</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarPanel</name>
    <message>
        <source>T&amp;oday</source>
        <translation>&amp;Heute</translation>
    </message>
    <message>
        <source>&amp;New Entry...</source>
        <translation>&amp;Neuer Eintrag …</translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Week</source>
        <translation>&amp;Woche</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Monat</translation>
    </message>
    <message>
        <source>The time zone the calendar is shown in. Each entry keeps its own zone.</source>
        <translation>Die Zeitzone, in der der Kalender angezeigt wird. Jeder Eintrag behält seine eigene Zone.</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Domäne:</translation>
    </message>
    <message>
        <source>Shown in:</source>
        <translation>Angezeigt in:</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>The calendar of domain %1 could not be read: %2</source>
        <translation>Der Kalender der Domäne %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>In force now: &lt;b&gt;%1&lt;/b&gt; (the domain&apos;s default; no entry covers this moment)</source>
        <translation>Jetzt in Kraft: &lt;b&gt;%1&lt;/b&gt; (die Voreinstellung der Domäne; kein Eintrag deckt diesen Zeitpunkt ab)</translation>
    </message>
    <message>
        <source>In force now: &lt;b&gt;%1&lt;/b&gt;, put there by entry &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Jetzt in Kraft: &lt;b&gt;%1&lt;/b&gt;, gesetzt durch den Eintrag &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n calendar entry(s) in domain %1.</source>
        <translation>
            <numerusform>%n Kalendereintrag in der Domäne %1.</numerusform>
            <numerusform>%n Kalendereinträge in der Domäne %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2 (week %3)</source>
        <translation>%1 – %2 (Woche %3)</translation>
    </message>
    <message>
        <source>Calendar entry %1 saved.</source>
        <translation>Kalendereintrag %1 gespeichert.</translation>
    </message>
    <message>
        <source>Calendar entry %1 created.</source>
        <translation>Kalendereintrag %1 angelegt.</translation>
    </message>
    <message>
        <source>Delete Calendar Entry</source>
        <translation>Kalendereintrag löschen</translation>
    </message>
    <message>
        <source>Delete calendar entry %1 of domain %2? The policy set it puts in force stays; the calendar changes at once.</source>
        <translation>Kalendereintrag %1 der Domäne %2 löschen? Der Richtliniensatz, den er in Kraft setzt, bleibt erhalten; der Kalender ändert sich sofort.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Calendar entry %1 deleted.</source>
        <translation>Kalendereintrag %1 gelöscht.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarWeekView</name>
    <message>
        <source>Entry %1: policy set %2
from %3
until %4</source>
        <translation>Eintrag %1: Richtliniensatz %2
von %3
bis %4</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>policy set %1</source>
        <translation>Richtliniensatz %1</translation>
    </message>
</context>
<context>
    <name>vdc::gui::ChartsPanel</name>
    <message>
        <source>GiB/s</source>
        <translation>GiB/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation>B/s</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>value unit</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute(s)</source>
        <translation>
            <numerusform>Letzte %n Minute</numerusform>
            <numerusform>Letzte %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Ausgelastet</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>@value %</source>
        <translation>@value %</translation>
    </message>
    <message>
        <source>In use (%)</source>
        <translation>Belegt (%)</translation>
    </message>
    <message>
        <source>Zones now</source>
        <translation>Zonen jetzt</translation>
    </message>
    <message>
        <source>share of each zone&apos;s cores and memory in use</source>
        <translation>belegter Anteil der Kerne und des Speichers jeder Zone</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>partition (domain)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>%1 busy</source>
        <translation>%1 ausgelastet</translation>
    </message>
    <message>
        <source>%1 in use</source>
        <translation>%1 belegt</translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation>%1 von %2 (%3)</translation>
    </message>
    <message>
        <source>received %1, sent %2</source>
        <translation>empfangen %1, gesendet %2</translation>
    </message>
    <message>
        <source>Not connected to an operations engine: the charts fill once the console is connected.</source>
        <translation>Nicht mit einem Betriebsdienst verbunden: Die Diagramme füllen sich, sobald die Konsole verbunden ist.</translation>
    </message>
    <message>
        <source>The operations engine is not answering; the charts of %1 fill once it is back.</source>
        <translation>Der Betriebsdienst antwortet nicht; die Diagramme von %1 füllen sich, sobald er zurück ist.</translation>
    </message>
    <message>
        <source>Asking the engine for the recent figures of %1...</source>
        <translation>Die aktuellen Werte von %1 werden beim Dienst abgefragt …</translation>
    </message>
    <message>
        <source>There is no host %1 in this data center.</source>
        <translation>In diesem Rechenzentrum gibt es keinen Host %1.</translation>
    </message>
    <message>
        <source>No samples from %1 yet: its agent reports once a second.</source>
        <translation>Noch keine Messwerte von %1: Sein Agent meldet sich einmal pro Sekunde.</translation>
    </message>
    <message>
        <source>No samples for %1 yet: its host reports once a second while it runs.</source>
        <translation>Noch keine Messwerte für %1: Ihr Host meldet sich einmal pro Sekunde, solange sie läuft.</translation>
    </message>
    <message>
        <source>There is no partition with the uuid %1 in this data center.</source>
        <translation>In diesem Rechenzentrum gibt es keine Partition mit der UUID %1.</translation>
    </message>
    <message>
        <source>%1 is not running: a partition reports figures only while it runs.</source>
        <translation>%1 läuft nicht: Eine Partition meldet Werte nur, solange sie läuft.</translation>
    </message>
    <message>
        <source>No samples for %1 yet: its host %2 reports once a second.</source>
        <translation>Noch keine Messwerte für %1: Ihr Host %2 meldet sich einmal pro Sekunde.</translation>
    </message>
    <message>
        <source>Zone %1 has no hosts, so there is nothing to measure yet.</source>
        <translation>Die Zone %1 hat keine Hosts, es gibt also noch nichts zu messen.</translation>
    </message>
    <message>
        <source>No samples for zone %1 yet: the engine adds up its hosts&apos; figures once a second.</source>
        <translation>Noch keine Messwerte für die Zone %1: Der Dienst summiert die Werte ihrer Hosts einmal pro Sekunde.</translation>
    </message>
    <message>
        <source>The engine could not send the recent figures of %1: %2 New figures appear here as they arrive.</source>
        <translation>Der Dienst konnte die aktuellen Werte von %1 nicht senden: %2 Neue Werte erscheinen hier, sobald sie eintreffen.</translation>
    </message>
    <message>
        <source>Pick a host, a partition or a zone to see its CPU, memory and network over time.</source>
        <translation>Wählen Sie einen Host, eine Partition oder eine Zone, um CPU, Speicher und Netzwerk im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>The operations engine stopped answering. The charts keep the last figures, from %1.</source>
        <translation>Der Betriebsdienst antwortet nicht mehr. Die Diagramme behalten die letzten Werte (Stand %1).</translation>
    </message>
    <message>
        <source>Not connected to an operations engine. The charts show the last figures, from %1.</source>
        <translation>Nicht mit einem Betriebsdienst verbunden. Die Diagramme zeigen die letzten Werte (Stand %1).</translation>
    </message>
    <message>
        <source>%1 has not reported since %2.</source>
        <translation>%1 hat sich seit %2 nicht mehr gemeldet.</translation>
    </message>
    <message>
        <source>The engine could not send the earlier figures of %1: %2</source>
        <translation>Der Dienst konnte die früheren Werte von %1 nicht senden: %2</translation>
    </message>
    <message>
        <source>Not connected to an operations engine: the zone figures fill once the console is connected.</source>
        <translation>Nicht mit einem Betriebsdienst verbunden: Die Zonenwerte füllen sich, sobald die Konsole verbunden ist.</translation>
    </message>
    <message>
        <source>There are no zones yet: put hosts in zones to compare their use here.</source>
        <translation>Es gibt noch keine Zonen: Setzen Sie Hosts in Zonen, um hier ihre Auslastung zu vergleichen.</translation>
    </message>
    <message>
        <source>Waiting for the first zone figures: the engine sends them once a second.</source>
        <translation>Warten auf die ersten Zonenwerte: Der Dienst sendet sie einmal pro Sekunde.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::ConsoleSession</name>
    <message>
        <source>The demo data center runs its hosts on this machine for the embedded engine; use --no-demo with --connect.</source>
        <translation>Das Demo-Rechenzentrum betreibt seine Hosts auf diesem Rechner für den eingebetteten Dienst; verwenden Sie --no-demo zusammen mit --connect.</translation>
    </message>
    <message>
        <source>The demo data center keeps its own temporary database; use --no-demo with --database.</source>
        <translation>Das Demo-Rechenzentrum hat seine eigene temporäre Datenbank; verwenden Sie --no-demo zusammen mit --database.</translation>
    </message>
    <message>
        <source>The demo cannot create a temporary directory for its database: %1</source>
        <translation>Die Demo kann kein temporäres Verzeichnis für ihre Datenbank anlegen: %1</translation>
    </message>
    <message>
        <source>Cannot create the directory %1 for the operations database.</source>
        <translation>Das Verzeichnis %1 für die Betriebsdatenbank kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The demo data center could not be set up: %1</source>
        <translation>Das Demo-Rechenzentrum konnte nicht eingerichtet werden: %1</translation>
    </message>
    <message>
        <source>vdc Console</source>
        <translation>vdc-Konsole</translation>
    </message>
    <message>
        <source>The demo data center could not be set up.</source>
        <translation>Das Demo-Rechenzentrum konnte nicht eingerichtet werden.</translation>
    </message>
    <message>
        <source>The state did not arrive within %1 seconds; no screenshot was taken.</source>
        <translation>Der Zustand ist nicht innerhalb von %1 Sekunden eingetroffen; es wurde kein Bildschirmfoto aufgenommen.</translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1: %2</source>
        <translation>Das Bildschirmfoto kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Screenshot written to %1.</source>
        <translation>Bildschirmfoto nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>There is no view called %1 to take a screenshot of; use window, map, calendar or charts.</source>
        <translation>Es gibt keine Ansicht namens %1, von der ein Bildschirmfoto aufgenommen werden könnte; verwenden Sie window, map, calendar oder charts.</translation>
    </message>
    <message>
        <source>--demo-hosts takes real, test or auto, not %1.</source>
        <translation>--demo-hosts nimmt real, test oder auto, nicht %1.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::DemoDataCenter</name>
    <message>
        <source>%1 is set to %2, which is not an executable program.</source>
        <translation>%1 ist auf %2 gesetzt, das ist kein ausführbares Programm.</translation>
    </message>
    <message>
        <source>The demo needs %1, which is neither next to the console nor in the build tree nor in PATH; set %2 to its path.</source>
        <translation>Die Demo braucht %1, das weder neben der Konsole noch im Build-Verzeichnis noch im PATH liegt; setzen Sie %2 auf seinen Pfad.</translation>
    </message>
    <message>
        <source>The demo cannot create its working directory: %1</source>
        <translation>Die Demo kann ihr Arbeitsverzeichnis nicht anlegen: %1</translation>
    </message>
    <message>
        <source>Starting demo host %1...</source>
        <translation>Demo-Host %1 wird gestartet …</translation>
    </message>
    <message>
        <source>The demo hosts did not report their endpoints within %1 seconds. Their logs are in %2.</source>
        <translation>Die Demo-Hosts haben ihre Endpunkte nicht innerhalb von %1 Sekunden gemeldet. Ihre Protokolle liegen in %2.</translation>
    </message>
    <message>
        <source>The demo could not start %1: %2</source>
        <translation>Die Demo konnte %1 nicht starten: %2</translation>
    </message>
    <message>
        <source>A demo daemon (%1) exited with code %2. Its last words:
%3</source>
        <translation>Ein Demo-Dienst (%1) hat sich mit Code %2 beendet. Seine letzten Worte:
%3</translation>
    </message>
    <message>
        <source>(no log)</source>
        <translation>(kein Protokoll)</translation>
    </message>
    <message>
        <source>Registering the demo hosts with the operations engine...</source>
        <translation>Die Demo-Hosts werden beim Betriebsdienst registriert …</translation>
    </message>
    <message>
        <source>The engine refused demo host %1: %2</source>
        <translation>Der Dienst hat den Demo-Host %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Accounting and billing</source>
        <translation>Buchhaltung und Abrechnung</translation>
    </message>
    <message>
        <source>Simulation and analysis</source>
        <translation>Simulation und Analyse</translation>
    </message>
    <message>
        <source>The engine refused demo domain %1: %2</source>
        <translation>Der Dienst hat die Demo-Domäne %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Defining the demo partitions...</source>
        <translation>Die Demo-Partitionen werden definiert …</translation>
    </message>
    <message>
        <source>The engine refused demo partition %1: %2</source>
        <translation>Der Dienst hat die Demo-Partition %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Waiting for the demo hosts to report...</source>
        <translation>Warten auf die Meldung der Demo-Hosts …</translation>
    </message>
    <message>
        <source>The demo hosts registered but did not come up within %1 seconds. Their logs are in %2.</source>
        <translation>Die Demo-Hosts sind registriert, aber nicht innerhalb von %1 Sekunden bereit geworden. Ihre Protokolle liegen in %2.</translation>
    </message>
    <message>
        <source>Starting demo partition %1...</source>
        <translation>Demo-Partition %1 wird gestartet …</translation>
    </message>
    <message>
        <source>Demo partition %1 did not start: %2</source>
        <translation>Die Demo-Partition %1 ist nicht gestartet: %2</translation>
    </message>
    <message>
        <source>The demo data center is running.</source>
        <translation>Das Demo-Rechenzentrum läuft.</translation>
    </message>
    <message>
        <source>The demo data center is running, but these partitions did not start: %1.</source>
        <translation>Das Demo-Rechenzentrum läuft, aber diese Partitionen sind nicht gestartet: %1.</translation>
    </message>
    <message>
        <source>Production, first floor</source>
        <translation>Produktion, erster Stock</translation>
    </message>
    <message>
        <source>Research and batch work</source>
        <translation>Forschung und Stapelverarbeitung</translation>
    </message>
    <message>
        <source>Interactive work stops overnight</source>
        <translation>Interaktive Arbeit ruht über Nacht</translation>
    </message>
    <message>
        <source>Reports run during the month-end close</source>
        <translation>Berichte laufen während des Monatsabschlusses</translation>
    </message>
    <message>
        <source>The demo cannot run real hosts here: %1.</source>
        <translation>Die Demo kann hier keine realen Hosts betreiben: %1.</translation>
    </message>
    <message>
        <source>Starting %1 real hosts (libvirtd with QEMU, vdc-monitor and vdc-agent each)...</source>
        <translation>%1 reale Hosts werden gestartet (jeweils libvirtd mit QEMU, vdc-monitor und vdc-agent) …</translation>
    </message>
    <message>
        <source>The demo runs on libvirt&apos;s test driver: %1.</source>
        <translation>Die Demo läuft auf dem Test-Treiber von libvirt: %1.</translation>
    </message>
    <message>
        <source>The engine refused demo zone %1: %2</source>
        <translation>Der Dienst hat die Demo-Zone %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Writing the demo&apos;s policy calendar...</source>
        <translation>Der Richtlinienkalender der Demo wird geschrieben …</translation>
    </message>
    <message>
        <source>The engine refused demo policy set %1: %2</source>
        <translation>Der Dienst hat den Demo-Richtliniensatz %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>The engine refused demo calendar entry %1: %2</source>
        <translation>Der Dienst hat den Demo-Kalendereintrag %1 abgelehnt: %2</translation>
    </message>
</context>
<context>
    <name>vdc::gui::DemoRig</name>
    <message>
        <source>VDC_RIG is set to %1, which is not an executable program.</source>
        <translation>VDC_RIG ist auf %1 gesetzt, das ist kein ausführbares Programm.</translation>
    </message>
    <message>
        <source>The rig script vdc-rig is neither next to the console nor in the source tree nor in PATH; set VDC_RIG to its path.</source>
        <translation>Das Rig-Skript vdc-rig liegt weder neben der Konsole noch im Quellverzeichnis noch im PATH; setzen Sie VDC_RIG auf seinen Pfad.</translation>
    </message>
    <message>
        <source>real hosts need root, because each one is a libvirtd in its own namespaces</source>
        <translation>reale Hosts brauchen root, weil jeder ein libvirtd in eigenen Namensräumen ist</translation>
    </message>
    <message>
        <source>real hosts need %1, which is not installed (packages libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86)</source>
        <translation>reale Hosts brauchen %1, das nicht installiert ist (Pakete libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86)</translation>
    </message>
    <message>
        <source>vdc-monitor (%1) and vdc-agent (%2) must be in one folder, or in monitor/ and hostagent/ of one build tree, for the rig to find them.</source>
        <translation>vdc-monitor (%1) und vdc-agent (%2) müssen in einem Ordner liegen oder in monitor/ und hostagent/ eines Build-Verzeichnisses, damit das Rig sie findet.</translation>
    </message>
    <message>
        <source>another console (process %1) runs its demo on the real hosts in %2</source>
        <translation>eine andere Konsole (Prozess %1) betreibt ihre Demo auf den realen Hosts in %2</translation>
    </message>
    <message>
        <source>The rig folder %1 of an earlier demo could not be removed.</source>
        <translation>Der Rig-Ordner %1 einer früheren Demo konnte nicht entfernt werden.</translation>
    </message>
    <message>
        <source>The rig script %1 could not be started: %2</source>
        <translation>Das Rig-Skript %1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>The rig did not start its hosts (exit code %1):
%2</source>
        <translation>Das Rig hat seine Hosts nicht gestartet (Exit-Code %1):
%2</translation>
    </message>
    <message>
        <source>The rig started %1 but wrote no agent endpoint for it (%2).</source>
        <translation>Das Rig hat %1 gestartet, aber keinen Agent-Endpunkt dafür geschrieben (%2).</translation>
    </message>
    <message>
        <source>The rig&apos;s endpoint file for %1 names no agent endpoint (%2).</source>
        <translation>Die Endpunktdatei des Rigs für %1 nennt keinen Agent-Endpunkt (%2).</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>%1 %2 did not finish within %3 seconds.</source>
        <translation>%1 %2 wurde nicht innerhalb von %3 Sekunden fertig.</translation>
    </message>
    <message>
        <source>%1 %2 failed: %3</source>
        <translation>%1 %2 ist fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>vdc::gui::DisplayFormat</name>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <comment>free / total</comment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform>
            <numerusform>vor %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n h</numerusform>
            <numerusform>vor %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostCardItem</name>
    <message>
        <source>%1: %2</source>
        <comment>partition: migration phase</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>used/total cores</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <comment>memory total</comment>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>no partitions</source>
        <translation>keine Partitionen</translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostEditorDialog</name>
    <message>
        <source>&amp;Add Link</source>
        <translation>Verbindung &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove Link</source>
        <translation>Verbindung &amp;entfernen</translation>
    </message>
    <message>
        <source>Edit Host %1</source>
        <translation>Host %1 bearbeiten</translation>
    </message>
    <message>
        <source>Reported by the host</source>
        <translation>Vom Host gemeldet</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Cores:</source>
        <translation>Kerne:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>Partitions running:</source>
        <translation>Laufende Partitionen:</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Agent:</translation>
    </message>
    <message>
        <source>No zone</source>
        <translation>Keine Zone</translation>
    </message>
    <message>
        <source>Placement</source>
        <translation>Platzierung</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>R&amp;oom:</source>
        <translation>&amp;Raum:</translation>
    </message>
    <message>
        <source>Ra&amp;ck:</source>
        <translation>Rac&amp;k:</translation>
    </message>
    <message>
        <source>Network links</source>
        <translation>Netzwerkverbindungen</translation>
    </message>
    <message>
        <source>Capacities in Mbps (1 to %L1). Partitions with a bandwidth guarantee are placed on a link with room for it.</source>
        <translation>Kapazitäten in Mbit/s (1 bis %L1). Partitionen mit einer Bandbreitengarantie werden auf einer Verbindung platziert, die dafür Platz hat.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>state (last error)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 free of %2 (%3 kept for the system)</source>
        <translation>%1 von %2 frei (%3 für das System reserviert)</translation>
    </message>
    <message>
        <source>%1 (%2 kept for the system)</source>
        <translation>%1 (%2 für das System reserviert)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>%1 (from the zone)</source>
        <translation>%1 (von der Zone)</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>Host %1 was removed meanwhile; there is nothing to save.</source>
        <translation>Host %1 wurde inzwischen entfernt; es gibt nichts zu speichern.</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Change the zone, location or links to save.</source>
        <translation>Ändern Sie die Zone, den Standort oder die Verbindungen, um zu speichern.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostTableModel</name>
    <message>
        <source>%1 / %2</source>
        <comment>free / total</comment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Agent at %1</source>
        <translation>Agent unter %1</translation>
    </message>
    <message>
        <source>%1 cores free of %2; %3 reserved for system partitions.</source>
        <translation>%1 von %2 Kernen frei; %3 für Systempartitionen reserviert.</translation>
    </message>
    <message>
        <source>%1 free of %2; %3 reserved for system partitions.</source>
        <translation>%1 von %2 frei; %3 für Systempartitionen reserviert.</translation>
    </message>
    <message>
        <source>No heartbeat has arrived from this host yet.</source>
        <translation>Von diesem Host ist noch kein Herzschlag eingetroffen.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>Cores free / total</source>
        <translation>Kerne frei / gesamt</translation>
    </message>
    <message>
        <source>Memory free / total</source>
        <translation>Speicher frei / gesamt</translation>
    </message>
    <message>
        <source>Running partitions</source>
        <translation>Laufende Partitionen</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Letzter Herzschlag</translation>
    </message>
</context>
<context>
    <name>vdc::gui::MainWindow</name>
    <message>
        <source>&amp;Connect to...</source>
        <translation>&amp;Verbinden mit …</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Connect to a vdc-opsd operations service.</source>
        <translation>Mit einem vdc-opsd-Betriebsdienst verbinden.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Create...</source>
        <translation>&amp;Anlegen …</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Create a partition</source>
        <translation>Eine Partition anlegen</translation>
    </message>
    <message>
        <source>Define a new partition in a domain.</source>
        <translation>Eine neue Partition in einer Domäne definieren.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the selected partition</source>
        <translation>Die ausgewählte Partition starten</translation>
    </message>
    <message>
        <source>Place the selected partition on a host and start it.</source>
        <translation>Die ausgewählte Partition auf einem Host platzieren und starten.</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop the selected partition</source>
        <translation>Die ausgewählte Partition stoppen</translation>
    </message>
    <message>
        <source>Stop the selected partition and release its cores and memory.</source>
        <translation>Die ausgewählte Partition stoppen und ihre Kerne und ihren Speicher freigeben.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected partition</source>
        <translation>Die ausgewählte Partition löschen</translation>
    </message>
    <message>
        <source>Remove the selected stopped partition&apos;s definition.</source>
        <translation>Die Definition der ausgewählten gestoppten Partition entfernen.</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Hinzufügen …</translation>
    </message>
    <message>
        <source>Add Host</source>
        <translation>Host hinzufügen</translation>
    </message>
    <message>
        <source>Register a host</source>
        <translation>Einen Host registrieren</translation>
    </message>
    <message>
        <source>Register a host by the endpoint of its vdc-agent.</source>
        <translation>Einen Host über den Endpunkt seines vdc-agent registrieren.</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Choose the console&apos;s language.</source>
        <translation>Die Sprache der Konsole wählen.</translation>
    </message>
    <message>
        <source>&amp;About vdc Console</source>
        <translation>&amp;Über die vdc-Konsole</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Partition</source>
        <translation>&amp;Partition</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>&amp;Host</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation>Hosts filtern</translation>
    </message>
    <message>
        <source>No hosts are registered. Add one with Host &gt; Add, giving the endpoint of its vdc-agent.</source>
        <translation>Es sind keine Hosts registriert. Fügen Sie einen mit Host &gt; Hinzufügen hinzu und geben Sie den Endpunkt seines vdc-agent an.</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Filter partitions</source>
        <translation>Partitionen filtern</translation>
    </message>
    <message>
        <source>No partitions are defined. Create one with Partition &gt; Create.</source>
        <translation>Es sind keine Partitionen definiert. Legen Sie eine mit Partition &gt; Anlegen an.</translation>
    </message>
    <message>
        <source>Disconnected: the console is not connected to an operations engine.</source>
        <translation>Getrennt: Die Konsole ist mit keinem Betriebsdienst verbunden.</translation>
    </message>
    <message>
        <source>Connecting to the embedded operations engine...</source>
        <translation>Verbindung zum eingebetteten Betriebsdienst wird aufgebaut …</translation>
    </message>
    <message>
        <source>Connecting to the operations engine at %1...</source>
        <translation>Verbindung zum Betriebsdienst unter %1 wird aufgebaut …</translation>
    </message>
    <message>
        <source>Connected to the embedded operations engine (%1).</source>
        <translation>Mit dem eingebetteten Betriebsdienst verbunden (%1).</translation>
    </message>
    <message>
        <source>Connected to %1 at %2.</source>
        <translation>Mit %1 unter %2 verbunden.</translation>
    </message>
    <message>
        <source>Disconnected: the operations engine at %1 stopped answering. The last known state is shown, read-only.</source>
        <translation>Getrennt: Der Betriebsdienst unter %1 antwortet nicht mehr. Der letzte bekannte Zustand wird schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>Disconnected: reconnecting to the operations engine at %1 (attempt %2). The last known state is shown, read-only.</source>
        <translation>Getrennt: Neue Verbindung zum Betriebsdienst unter %1 (Versuch %2). Der letzte bekannte Zustand wird schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>The operations engine at %1 is not answering. The tables show the last known state and cannot be changed until the engine is back.</source>
        <translation>Der Betriebsdienst unter %1 antwortet nicht. Die Tabellen zeigen den letzten bekannten Zustand und können erst wieder geändert werden, wenn der Dienst zurück ist.</translation>
    </message>
    <message>
        <source>Embedded Engine</source>
        <translation>Eingebetteter Dienst</translation>
    </message>
    <message>
        <source>Hosts: %1    Partitions: %2    Running: %3</source>
        <translation>Hosts: %1    Partitionen: %2    Laufend: %3</translation>
    </message>
    <message>
        <source>Connect to Operations Service</source>
        <translation>Mit Betriebsdienst verbinden</translation>
    </message>
    <message>
        <source>Endpoint of the vdc-opsd operations service (its --listen address), for example tcp://192.0.2.5:5555:</source>
        <translation>Endpunkt des vdc-opsd-Betriebsdienstes (seine --listen-Adresse), zum Beispiel tcp://192.0.2.5:5555:</translation>
    </message>
    <message>
        <source>vdc Console</source>
        <translation>vdc-Konsole</translation>
    </message>
    <message>
        <source>Partition %1 was created.</source>
        <translation>Partition %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>Starting partition %1...</source>
        <translation>Partition %1 wird gestartet …</translation>
    </message>
    <message>
        <source>Partition %1 could not be started.</source>
        <translation>Partition %1 konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Partition %1 was started.</source>
        <translation>Partition %1 wurde gestartet.</translation>
    </message>
    <message>
        <source>Partition %1 was started on %2.</source>
        <translation>Partition %1 wurde auf %2 gestartet.</translation>
    </message>
    <message>
        <source>Stopping partition %1...</source>
        <translation>Partition %1 wird gestoppt …</translation>
    </message>
    <message>
        <source>Partition %1 could not be stopped.</source>
        <translation>Partition %1 konnte nicht gestoppt werden.</translation>
    </message>
    <message>
        <source>Partition %1 was stopped.</source>
        <translation>Partition %1 wurde gestoppt.</translation>
    </message>
    <message>
        <source>Delete Partition</source>
        <translation>Partition löschen</translation>
    </message>
    <message>
        <source>Delete partition %1 of domain %2?</source>
        <translation>Partition %1 der Domäne %2 löschen?</translation>
    </message>
    <message>
        <source>Its definition is removed from the operations database. This cannot be undone.</source>
        <translation>Ihre Definition wird aus der Betriebsdatenbank entfernt. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Deleting partition %1...</source>
        <translation>Partition %1 wird gelöscht …</translation>
    </message>
    <message>
        <source>Partition %1 could not be deleted.</source>
        <translation>Partition %1 konnte nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>Partition %1 was deleted.</source>
        <translation>Partition %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Adding host %1...</source>
        <translation>Host %1 wird hinzugefügt …</translation>
    </message>
    <message>
        <source>Host %1 could not be added.</source>
        <translation>Host %1 konnte nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>Host %1 was added.</source>
        <translation>Host %1 wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>About vdc Console</source>
        <translation>Über die vdc-Konsole</translation>
    </message>
    <message>
        <source>&lt;h3&gt;vdc Console %1&lt;/h3&gt;&lt;p&gt;The desktop console of vdc, a virtual data center for Linux/KVM hosts.&lt;/p&gt;&lt;p&gt;Protocol version %2. Operations engine: %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;vdc-Konsole %1&lt;/h3&gt;&lt;p&gt;Die Desktop-Konsole von vdc, einem virtuellen Rechenzentrum für Linux/KVM-Hosts.&lt;/p&gt;&lt;p&gt;Protokollversion %2. Betriebsdienst: %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The new language takes effect when the console is started the next time.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der Konsole.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Hosts that were considered:&lt;/p&gt;</source>
        <translation>&lt;p&gt;Geprüfte Hosts:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>host: reason</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Running Tasks</source>
        <translation>Laufende Aufgaben</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>Edit the selected partition</source>
        <translation>Die ausgewählte Partition bearbeiten</translation>
    </message>
    <message>
        <source>Change the selected partition&apos;s definition.</source>
        <translation>Die Definition der ausgewählten Partition ändern.</translation>
    </message>
    <message>
        <source>Edit the selected host</source>
        <translation>Den ausgewählten Host bearbeiten</translation>
    </message>
    <message>
        <source>Change the selected host&apos;s zone, location and network links.</source>
        <translation>Zone, Standort und Netzwerkverbindungen des ausgewählten Hosts ändern.</translation>
    </message>
    <message>
        <source>Data Center</source>
        <translation>Rechenzentrum</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>&amp;Data Center</source>
        <translation>&amp;Rechenzentrum</translation>
    </message>
    <message>
        <source>&amp;Calendar</source>
        <translation>&amp;Kalender</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>Partition %1 was changed.</source>
        <translation>Partition %1 wurde geändert.</translation>
    </message>
    <message>
        <source>Host %1 was changed.</source>
        <translation>Host %1 wurde geändert.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::MapPanel</name>
    <message>
        <source>Draw &amp;Zone</source>
        <translation>&amp;Zone zeichnen</translation>
    </message>
    <message>
        <source>Drag out a rectangle on the map to create a zone there.</source>
        <translation>Ziehen Sie auf der Karte ein Rechteck auf, um dort eine Zone anzulegen.</translation>
    </message>
    <message>
        <source>Drag out a rectangle on the map to create a zone; press Escape to stop.</source>
        <translation>Ziehen Sie auf der Karte ein Rechteck auf, um eine Zone anzulegen; Escape beendet das Zeichnen.</translation>
    </message>
    <message>
        <source>&amp;Migrate to...</source>
        <translation>&amp;Migrieren nach …</translation>
    </message>
    <message>
        <source>Move the selected running partition to another host.</source>
        <translation>Die ausgewählte laufende Partition auf einen anderen Host verschieben.</translation>
    </message>
    <message>
        <source>Move to &amp;Zone...</source>
        <translation>In &amp;Zone verschieben …</translation>
    </message>
    <message>
        <source>Put the selected host in another zone.</source>
        <translation>Den ausgewählten Host in eine andere Zone setzen.</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the whole data center.</source>
        <translation>Das ganze Rechenzentrum zeigen.</translation>
    </message>
    <message>
        <source>Migrating %1 to %2...</source>
        <translation>%1 wird nach %2 migriert …</translation>
    </message>
    <message>
        <source>%1 was not migrated to %2: %3</source>
        <translation>%1 wurde nicht nach %2 migriert: %3</translation>
    </message>
    <message>
        <source>The engine is migrating %1 to %2.</source>
        <translation>Der Dienst migriert %1 nach %2.</translation>
    </message>
    <message>
        <source>(no zone)</source>
        <translation>(keine Zone)</translation>
    </message>
    <message>
        <source>Move Host %1</source>
        <translation>Host %1 verschieben</translation>
    </message>
    <message>
        <source>Zone for host %1 (now %2):</source>
        <translation>Zone für Host %1 (jetzt %2):</translation>
    </message>
    <message>
        <source>Taking host %1 out of its zone...</source>
        <translation>Host %1 wird aus seiner Zone genommen …</translation>
    </message>
    <message>
        <source>Moving host %1 to zone %2...</source>
        <translation>Host %1 wird in die Zone %2 verschoben …</translation>
    </message>
    <message>
        <source>Host %1 was not moved.</source>
        <translation>Host %1 wurde nicht verschoben.</translation>
    </message>
    <message>
        <source>Host %1 is in no zone now.</source>
        <translation>Host %1 ist jetzt in keiner Zone.</translation>
    </message>
    <message>
        <source>Host %1 is in zone %2 now.</source>
        <translation>Host %1 ist jetzt in der Zone %2.</translation>
    </message>
    <message>
        <source>New Zone</source>
        <translation>Neue Zone</translation>
    </message>
    <message>
        <source>Name of the new zone (letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;):</source>
        <translation>Name der neuen Zone (Buchstaben, Ziffern, „-“, „_“ und „.“):</translation>
    </message>
    <message>
        <source>Zone %1 was not created.</source>
        <translation>Zone %1 wurde nicht angelegt.</translation>
    </message>
    <message>
        <source>Zone %1 was created. Drag hosts into it.</source>
        <translation>Zone %1 wurde angelegt. Ziehen Sie Hosts hinein.</translation>
    </message>
    <message>
        <source>Rename Zone</source>
        <translation>Zone umbenennen</translation>
    </message>
    <message>
        <source>New name of zone %1:</source>
        <translation>Neuer Name der Zone %1:</translation>
    </message>
    <message>
        <source>Zone %1 was not renamed.</source>
        <translation>Zone %1 wurde nicht umbenannt.</translation>
    </message>
    <message>
        <source>Zone %1 is now called %2.</source>
        <translation>Zone %1 heißt jetzt %2.</translation>
    </message>
    <message>
        <source>Zone %1 was not deleted.</source>
        <translation>Zone %1 wurde nicht gelöscht.</translation>
    </message>
    <message>
        <source>Zone %1 was deleted.</source>
        <translation>Zone %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Rename Zone...</source>
        <translation>Zone &amp;umbenennen …</translation>
    </message>
    <message>
        <source>&amp;Delete Zone</source>
        <translation>Zone &amp;löschen</translation>
    </message>
    <message>
        <source>The map is read-only: the console is not connected to an operations engine. Connect to one to migrate partitions or change zones.</source>
        <translation>Die Karte ist schreibgeschützt: Die Konsole ist mit keinem Betriebsdienst verbunden. Verbinden Sie sich mit einem, um Partitionen zu migrieren oder Zonen zu ändern.</translation>
    </message>
    <message>
        <source>The map is read-only: the operations engine at %1 cannot be reached. It shows the last state it had; moves are possible again once the engine is back.</source>
        <translation>Die Karte ist schreibgeschützt: Der Betriebsdienst unter %1 ist nicht erreichbar. Sie zeigt den letzten bekannten Zustand; Verschieben ist wieder möglich, sobald der Dienst zurück ist.</translation>
    </message>
    <message>
        <source>Zone %1 was not created: the operations engine cannot be reached. Draw it again once the engine is back.</source>
        <translation>Zone %1 wurde nicht angelegt: Der Betriebsdienst ist nicht erreichbar. Zeichnen Sie sie erneut, sobald der Dienst zurück ist.</translation>
    </message>
    <message>
        <source>Zone %1 was not moved.</source>
        <translation>Zone %1 wurde nicht verschoben.</translation>
    </message>
    <message>
        <source>Zone %1 is kept in its new place on the map.</source>
        <translation>Zone %1 bleibt an ihrem neuen Platz auf der Karte.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::MapScene</name>
    <message numerus="yes">
        <source>%n host(s)</source>
        <translation>
            <numerusform>%n Host</numerusform>
            <numerusform>%n Hosts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s)</source>
        <translation>
            <numerusform>%n Partition</numerusform>
            <numerusform>%n Partitionen</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop %1 on a host card to migrate it there.</source>
        <translation>Legen Sie %1 auf einer Host-Karte ab, um die Partition dorthin zu migrieren.</translation>
    </message>
    <message>
        <source>%1 is being migrated already; wait until it has landed.</source>
        <translation>%1 wird bereits migriert; warten Sie, bis die Partition angekommen ist.</translation>
    </message>
    <message>
        <source>Drop host %1 in a zone to move it there.</source>
        <translation>Legen Sie Host %1 in einer Zone ab, um ihn dorthin zu verschieben.</translation>
    </message>
    <message>
        <source>A zone needs room for its hosts: drag out a rectangle at least %1 by %2 points.</source>
        <translation>Eine Zone braucht Platz für ihre Hosts: Ziehen Sie ein Rechteck von mindestens %1 mal %2 Punkten auf.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (domain %2): %3, %n vCPU(s), %4 of memory</source>
        <translation>
            <numerusform>%1 (Domäne %2): %3, %n vCPU, %4 Speicher</numerusform>
            <numerusform>%1 (Domäne %2): %3, %n vCPUs, %4 Speicher</numerusform>
        </translation>
    </message>
    <message>
        <source>Migrating to %1: %2.</source>
        <translation>Migration nach %1: %2.</translation>
    </message>
    <message>
        <source>The last migration failed: %1</source>
        <translation>Die letzte Migration ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Host %1: %2. %3 of %4 cores free, %5 free.</source>
        <translation>Host %1: %2. %3 von %4 Kernen frei, %5 frei.</translation>
    </message>
    <message>
        <source>Hosts that are in no zone. Drag a host into a zone to move it there.</source>
        <translation>Hosts, die in keiner Zone sind. Ziehen Sie einen Host in eine Zone, um ihn dorthin zu verschieben.</translation>
    </message>
    <message>
        <source>Zone %1. Drag its title to move it, its lower right corner to resize it, double-click the title to rename it.</source>
        <translation>Zone %1. Ziehen Sie am Titel, um sie zu verschieben, an der unteren rechten Ecke, um ihre Größe zu ändern; ein Doppelklick auf den Titel benennt sie um.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::MigrateDialog</name>
    <message>
        <source>Migrate %1</source>
        <translation>%1 migrieren</translation>
    </message>
    <message>
        <source>Choose the host %1 should move to. It runs on %2 now; hosts that cannot take it say why.</source>
        <translation>Wählen Sie den Host, auf den %1 wechseln soll. Die Partition läuft jetzt auf %2; Hosts, die sie nicht aufnehmen können, sagen warum.</translation>
    </message>
    <message>
        <source>no host</source>
        <translation>keinem Host</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Can it take the partition?</source>
        <translation>Kann er die Partition aufnehmen?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>&amp;Migrate</source>
        <translation>&amp;Migrieren</translation>
    </message>
    <message>
        <source>Choose a host.</source>
        <translation>Wählen Sie einen Host.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::MigrationCheck</name>
    <message>
        <source>The partition is no longer known to the console.</source>
        <translation>Die Konsole kennt die Partition nicht mehr.</translation>
    </message>
    <message>
        <source>Drop %1 on a host card to migrate it there.</source>
        <translation>Legen Sie %1 auf einer Host-Karte ab, um die Partition dorthin zu migrieren.</translation>
    </message>
    <message>
        <source>%1 already runs on %2; drop it on another host.</source>
        <translation>%1 läuft bereits auf %2; legen Sie die Partition auf einem anderen Host ab.</translation>
    </message>
    <message>
        <source>Only a running partition can be migrated; %1 is not running.</source>
        <translation>Nur eine laufende Partition kann migriert werden; %1 läuft nicht.</translation>
    </message>
    <message>
        <source>Host %1 has failed; it cannot take partitions.</source>
        <translation>Host %1 ist ausgefallen; er kann keine Partitionen aufnehmen.</translation>
    </message>
    <message>
        <source>Host %1 is in maintenance; it takes no partitions.</source>
        <translation>Host %1 ist in Wartung; er nimmt keine Partitionen auf.</translation>
    </message>
    <message>
        <source>Host %1 is not reachable; it cannot take partitions.</source>
        <translation>Host %1 ist nicht erreichbar; er kann keine Partitionen aufnehmen.</translation>
    </message>
    <message>
        <source>%1 must stay in zone %2; host %3 is in no zone.</source>
        <translation>%1 muss in der Zone %2 bleiben; Host %3 ist in keiner Zone.</translation>
    </message>
    <message>
        <source>%1 must stay in zone %2; host %3 is in zone %4.</source>
        <translation>%1 muss in der Zone %2 bleiben; Host %3 ist in der Zone %4.</translation>
    </message>
    <message>
        <source>Domain %1 may not use zone %2 of host %3.</source>
        <translation>Die Domäne %1 darf die Zone %2 von Host %3 nicht nutzen.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Host %1 has %2 free cores; %3 needs %4.</source>
        <translation>Host %1 hat %2 freie Kerne; %3 braucht %4.</translation>
    </message>
    <message>
        <source>Host %1 has %2 free; %3 needs %4.</source>
        <translation>Host %1 hat %2 frei; %3 braucht %4.</translation>
    </message>
    <message>
        <source>Migrate %1 from %2 to %3.</source>
        <translation>%1 von %2 nach %3 migrieren.</translation>
    </message>
    <message>
        <source>The host is no longer known to the console.</source>
        <translation>Die Konsole kennt den Host nicht mehr.</translation>
    </message>
    <message>
        <source>Host %1 is in no zone already.</source>
        <translation>Host %1 ist bereits in keiner Zone.</translation>
    </message>
    <message>
        <source>Host %1 is in zone %2 already.</source>
        <translation>Host %1 ist bereits in der Zone %2.</translation>
    </message>
    <message>
        <source>Host %1 runs partitions (%2); migrate or stop them before moving the host.</source>
        <translation>Auf Host %1 laufen Partitionen (%2); migrieren oder stoppen Sie sie, bevor Sie den Host verschieben.</translation>
    </message>
    <message>
        <source>Take host %1 out of its zone.</source>
        <translation>Host %1 aus seiner Zone nehmen.</translation>
    </message>
    <message>
        <source>Move host %1 to zone %2.</source>
        <translation>Host %1 in die Zone %2 verschieben.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::NetworkLinkTableModel</name>
    <message>
        <source>Link %1 has a negative capacity; give between 1 and %2 Mbps.</source>
        <translation>Verbindung %1 hat eine negative Kapazität; geben Sie 1 bis %2 Mbit/s an.</translation>
    </message>
    <message>
        <source>%L1 Mbps</source>
        <translation>%L1 Mbit/s</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Bandwidth guaranteed to partitions running on this link; the capacity cannot go below it.</source>
        <translation>Bandbreite, die den auf dieser Verbindung laufenden Partitionen garantiert ist; die Kapazität kann nicht darunter sinken.</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Guaranteed</source>
        <translation>Garantiert</translation>
    </message>
</context>
<context>
    <name>vdc::gui::OpsClient</name>
    <message>
        <source>The endpoint is empty; give one such as tcp://host:5555.</source>
        <translation>Der Endpunkt ist leer; geben Sie einen an, etwa tcp://host:5555.</translation>
    </message>
    <message>
        <source>The console disconnected from %1 before the engine answered.</source>
        <translation>Die Konsole hat die Verbindung zu %1 getrennt, bevor der Dienst geantwortet hat.</translation>
    </message>
    <message>
        <source>The connection to %1 was reset before the engine answered.</source>
        <translation>Die Verbindung zu %1 wurde zurückgesetzt, bevor der Dienst geantwortet hat.</translation>
    </message>
    <message>
        <source>The operations engine at %1 stopped answering.</source>
        <translation>Der Betriebsdienst unter %1 antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>The console is not connected to an operations engine.</source>
        <translation>Die Konsole ist mit keinem Betriebsdienst verbunden.</translation>
    </message>
    <message>
        <source>The request could not be sent to the operations engine at %1: %2</source>
        <translation>Die Anfrage konnte nicht an den Betriebsdienst unter %1 gesendet werden: %2</translation>
    </message>
    <message>
        <source>The operations engine at %1 did not answer in time.</source>
        <translation>Der Betriebsdienst unter %1 hat nicht rechtzeitig geantwortet.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionDetailsWidget</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Select a partition to see its details.</source>
        <translation>Wählen Sie eine Partition, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>UUID:</source>
        <translation>UUID:</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Domäne:</translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation>Zone:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>vCPUs:</source>
        <translation>vCPUs:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>Pinned cores:</source>
        <translation>Gebundene Kerne:</translation>
    </message>
    <message>
        <source>Memory granules:</source>
        <translation>Speichergranulate:</translation>
    </message>
    <message>
        <source>Boot:</source>
        <translation>Start:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>any zone</source>
        <translation>beliebige Zone</translation>
    </message>
    <message>
        <source>not placed</source>
        <translation>nicht platziert</translation>
    </message>
    <message>
        <source>%1 (last ran there)</source>
        <translation>%1 (lief zuletzt dort)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <comment>granule count × granule size</comment>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>engine default</source>
        <translation>Voreinstellung des Dienstes</translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionEditorDialog</name>
    <message>
        <source>zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>bandwidth guarantee</source>
        <translation>Bandbreitengarantie</translation>
    </message>
    <message>
        <source>boot source</source>
        <translation>Startquelle</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>QoS class</source>
        <translation>QoS-Klasse</translation>
    </message>
    <message>
        <source>site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>rack exclusions</source>
        <translation>Rack-Ausschlüsse</translation>
    </message>
    <message>
        <source>affinity group</source>
        <translation>Affinitätsgruppe</translation>
    </message>
    <message>
        <source>affinity scope</source>
        <translation>Affinitätsbereich</translation>
    </message>
    <message>
        <source>affinity requirement</source>
        <translation>Affinitätsanforderung</translation>
    </message>
    <message>
        <source>anti-affinity group</source>
        <translation>Anti-Affinitätsgruppe</translation>
    </message>
    <message>
        <source>CPU shares</source>
        <translation>CPU-Anteile</translation>
    </message>
    <message>
        <source>accelerator</source>
        <translation>Beschleuniger</translation>
    </message>
    <message>
        <source>Edit Partition %1</source>
        <translation>Partition %1 bearbeiten</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create Partition</source>
        <translation>Partition anlegen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>for example web1</source>
        <translation>zum Beispiel web1</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation>&amp;Domäne:</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Kernel image</source>
        <translation>Kernel-Image</translation>
    </message>
    <message>
        <source>Floppy image</source>
        <translation>Disketten-Image</translation>
    </message>
    <message>
        <source>absolute path on the host</source>
        <translation>absoluter Pfad auf dem Host</translation>
    </message>
    <message>
        <source>&amp;Boot from:</source>
        <translation>&amp;Starten von:</translation>
    </message>
    <message>
        <source>The host&apos;s best (KVM where usable)</source>
        <translation>Das Beste des Hosts (KVM, wo nutzbar)</translation>
    </message>
    <message>
        <source>Software emulation (TCG)</source>
        <translation>Software-Emulation (TCG)</translation>
    </message>
    <message>
        <source>&amp;Accelerator:</source>
        <translation>&amp;Beschleuniger:</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>All&amp;gemein</translation>
    </message>
    <message>
        <source>Partitions started together are placed in order of priority, higher first.</source>
        <translation>Gemeinsam gestartete Partitionen werden nach Priorität platziert, höhere zuerst.</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>Pr&amp;iorität:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>The zone (or host) must offer this QoS class.</source>
        <translation>Die Zone (oder der Host) muss diese QoS-Klasse anbieten.</translation>
    </message>
    <message>
        <source>&amp;QoS class:</source>
        <translation>&amp;QoS-Klasse:</translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>&amp;Room:</source>
        <translation>&amp;Raum:</translation>
    </message>
    <message>
        <source>groups, separated by commas</source>
        <translation>Gruppen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Never placed in a rack that holds a member of these groups.</source>
        <translation>Nie in einem Rack platziert, das ein Mitglied dieser Gruppen enthält.</translation>
    </message>
    <message>
        <source>&amp;Not in a rack of:</source>
        <translation>&amp;Nicht im Rack von:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>&amp;Affinity group:</source>
        <translation>&amp;Affinitätsgruppe:</translation>
    </message>
    <message>
        <source>On one host</source>
        <translation>Auf einem Host</translation>
    </message>
    <message>
        <source>In one rack</source>
        <translation>In einem Rack</translation>
    </message>
    <message>
        <source>Re&amp;quired (otherwise preferred)</source>
        <translation>&amp;Erforderlich (sonst bevorzugt)</translation>
    </message>
    <message>
        <source>Together:</source>
        <translation>Zusammen:</translation>
    </message>
    <message>
        <source>Never on a host that runs another member of this group.</source>
        <translation>Nie auf einem Host, auf dem ein anderes Mitglied dieser Gruppe läuft.</translation>
    </message>
    <message>
        <source>A&amp;nti-affinity group:</source>
        <translation>An&amp;ti-Affinitätsgruppe:</translation>
    </message>
    <message>
        <source>&amp;Placement</source>
        <translation>&amp;Platzierung</translation>
    </message>
    <message>
        <source>&amp;vCPUs:</source>
        <translation>&amp;vCPUs:</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Speicher:</translation>
    </message>
    <message>
        <source> Mbps</source>
        <translation> Mbit/s</translation>
    </message>
    <message>
        <source>Bandwidth guaranteed on one of the host&apos;s network links; 0 is best effort.</source>
        <translation>Auf einer der Netzwerkverbindungen des Hosts garantierte Bandbreite; 0 bedeutet ohne Garantie (Best Effort).</translation>
    </message>
    <message>
        <source>&amp;Bandwidth guarantee:</source>
        <translation>&amp;Bandbreitengarantie:</translation>
    </message>
    <message>
        <source>Relative CPU weight against other partitions on the host (%1 to %2); 0 is the host default. A policy set in force may override it.</source>
        <translation>Relatives CPU-Gewicht gegenüber anderen Partitionen auf dem Host (%1 bis %2); 0 ist die Voreinstellung des Hosts. Ein geltender Richtliniensatz kann den Wert überschreiben.</translation>
    </message>
    <message>
        <source>CPU &amp;shares:</source>
        <translation>CPU-&amp;Anteile:</translation>
    </message>
    <message>
        <source>P&amp;erformance</source>
        <translation>&amp;Leistung</translation>
    </message>
    <message>
        <source>Any zone</source>
        <translation>Beliebige Zone</translation>
    </message>
    <message>
        <source>Any zone the domain may use</source>
        <translation>Beliebige Zone, die die Domäne nutzen darf</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>Partition %1 occupies host %2 (state: %3). Its vCPUs, memory, bandwidth guarantee, boot source and accelerator were given to the host when it started; they can be changed only while it is stopped.</source>
        <translation>Partition %1 belegt Host %2 (Zustand: %3). Ihre vCPUs, ihr Speicher, ihre Bandbreitengarantie, Startquelle und ihr Beschleuniger wurden dem Host beim Start übergeben; sie lassen sich nur ändern, solange die Partition gestoppt ist.</translation>
    </message>
    <message>
        <source>Stop the partition to change this.</source>
        <translation>Stoppen Sie die Partition, um dies zu ändern.</translation>
    </message>
    <message>
        <source>Give the partition a name.</source>
        <translation>Geben Sie der Partition einen Namen.</translation>
    </message>
    <message>
        <source>A partition named %1 already exists in domain %2.</source>
        <translation>In der Domäne %2 gibt es bereits eine Partition namens %1.</translation>
    </message>
    <message>
        <source>Give the absolute path of the image on the host, such as /var/lib/vdc/vmlinuz.</source>
        <translation>Geben Sie den absoluten Pfad des Images auf dem Host an, etwa /var/lib/vdc/vmlinuz.</translation>
    </message>
    <message>
        <source>The priority cannot be negative; 0 is the lowest.</source>
        <translation>Die Priorität kann nicht negativ sein; 0 ist die niedrigste.</translation>
    </message>
    <message>
        <source>The number of vCPUs cannot be negative; give between 1 and %1.</source>
        <translation>Die Anzahl der vCPUs kann nicht negativ sein; geben Sie 1 bis %1 an.</translation>
    </message>
    <message>
        <source>Memory cannot be negative; give between %1 MiB and %2 MiB.</source>
        <translation>Der Speicher kann nicht negativ sein; geben Sie %1 MiB bis %2 MiB an.</translation>
    </message>
    <message>
        <source>The bandwidth guarantee cannot be negative; 0 is best effort.</source>
        <translation>Die Bandbreitengarantie kann nicht negativ sein; 0 bedeutet ohne Garantie (Best Effort).</translation>
    </message>
    <message>
        <source>CPU shares cannot be negative; 0 is the host default.</source>
        <translation>CPU-Anteile können nicht negativ sein; 0 ist die Voreinstellung des Hosts.</translation>
    </message>
    <message>
        <source>Partition %1 was deleted meanwhile; there is nothing to save.</source>
        <translation>Partition %1 wurde inzwischen gelöscht; es gibt nichts zu speichern.</translation>
    </message>
    <message>
        <source>Partition %1 is running; stop it before changing its %2.</source>
        <translation>Partition %1 läuft; stoppen Sie sie, bevor Sie Folgendes ändern: %2.</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Change a field to save it.</source>
        <translation>Ändern Sie ein Feld, um es zu speichern.</translation>
    </message>
    <message>
        <source>Saving changes only what you changed: %1.</source>
        <translation>Beim Speichern wird nur geändert, was Sie geändert haben: %1.</translation>
    </message>
    <message>
        <source>The engine places the partition on a host with enough free cores and memory when it is started.</source>
        <translation>Der Dienst platziert die Partition beim Start auf einem Host mit genügend freien Kernen und genügend freiem Speicher.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionTableModel</name>
    <message>
        <source>UUID %1</source>
        <translation>UUID %1</translation>
    </message>
    <message>
        <source>Last ran on %1.</source>
        <translation>Lief zuletzt auf %1.</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Pinned cores</source>
        <translation>Gebundene Kerne</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>vdc::gui::PlacementReasonsDialog</name>
    <message>
        <source>Placement Failed</source>
        <translation>Platzierung fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) considered:</source>
        <translation>
            <numerusform>%n Host geprüft:</numerusform>
            <numerusform>%n Hosts geprüft:</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Copy Reasons</source>
        <translation>Gründe &amp;kopieren</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <comment>host (partition): reason</comment>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>host: reason</comment>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>vdc::gui::PlacementRejectionModel</name>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Why it was not chosen</source>
        <translation>Warum er nicht gewählt wurde</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
</context>
<context>
    <name>vdc::gui::RecurrenceEditor</name>
    <message>
        <source>on day</source>
        <translation>am Tag</translation>
    </message>
    <message>
        <source>on the</source>
        <translation>am</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>Einmalig</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>Monatlich</translation>
    </message>
    <message>
        <source>Yearly</source>
        <translation>Jährlich</translation>
    </message>
    <message>
        <source>every</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>last</source>
        <translation>letzten</translation>
    </message>
    <message>
        <source>first</source>
        <translation>ersten</translation>
    </message>
    <message>
        <source>second</source>
        <translation>zweiten</translation>
    </message>
    <message>
        <source>third</source>
        <translation>dritten</translation>
    </message>
    <message>
        <source>fourth</source>
        <translation>vierten</translation>
    </message>
    <message>
        <source>of the month</source>
        <translation>des Monats</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>on</source>
        <translation>am</translation>
    </message>
    <message>
        <source>after</source>
        <translation>nach</translation>
    </message>
    <message>
        <source> times</source>
        <translation> Mal</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Endet</translation>
    </message>
    <message>
        <source>Once, on %1 at %2</source>
        <translation>Einmalig, am %1 um %2</translation>
    </message>
    <message>
        <source>Choose at least one weekday for a weekly repeat.</source>
        <translation>Wählen Sie für eine wöchentliche Wiederholung mindestens einen Wochentag.</translation>
    </message>
    <message>
        <source>The repeat ends on %1, before the first start on %2; choose a later end date.</source>
        <translation>Die Wiederholung endet am %1, vor dem ersten Beginn am %2; wählen Sie ein späteres Enddatum.</translation>
    </message>
    <message>
        <source>%1 until %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>This entry repeats by a rule the choices above cannot show (%1); it is kept as it is unless you choose another repeat.</source>
        <translation>Dieser Eintrag wiederholt sich nach einer Regel, die die Auswahl oben nicht darstellen kann (%1); sie bleibt unverändert, solange Sie keine andere Wiederholung wählen.</translation>
    </message>
    <message numerus="yes">
        <source>day(s)</source>
        <translation>
            <numerusform>Tag</numerusform>
            <numerusform>Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>week(s) on</source>
        <translation>
            <numerusform>Woche am</numerusform>
            <numerusform>Wochen am</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>month(s)</source>
        <translation>
            <numerusform>Monat</numerusform>
            <numerusform>Monate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>year(s), on the start&apos;s date</source>
        <translation>
            <numerusform>Jahr, am Datum des Beginns</numerusform>
            <numerusform>Jahre, am Datum des Beginns</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::RecurrencePhrase</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>first</source>
        <translation>ersten</translation>
    </message>
    <message>
        <source>second</source>
        <translation>zweiten</translation>
    </message>
    <message>
        <source>third</source>
        <translation>dritten</translation>
    </message>
    <message>
        <source>fourth</source>
        <translation>vierten</translation>
    </message>
    <message>
        <source>last</source>
        <translation>letzten</translation>
    </message>
    <message>
        <source>every month on the %1 %2</source>
        <translation>jeden Monat am %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>every %n months on the %1 %2</source>
        <translation>
            <numerusform>alle %n Monate am %1 %2</numerusform>
            <numerusform>alle %n Monate am %1 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>every day</source>
        <translation>jeden Tag</translation>
    </message>
    <message numerus="yes">
        <source>every %n days</source>
        <translation>
            <numerusform>alle %n Tage</numerusform>
            <numerusform>alle %n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>every weekday</source>
        <translation>jeden Werktag</translation>
    </message>
    <message>
        <source>every %1</source>
        <translation>jeden %1</translation>
    </message>
    <message numerus="yes">
        <source>every %n weeks on %1</source>
        <translation>
            <numerusform>alle %n Wochen am %1</numerusform>
            <numerusform>alle %n Wochen am %1</numerusform>
        </translation>
    </message>
    <message>
        <source>every month on the last day</source>
        <translation>jeden Monat am letzten Tag</translation>
    </message>
    <message numerus="yes">
        <source>every %n months on the last day</source>
        <translation>
            <numerusform>alle %n Monate am letzten Tag</numerusform>
            <numerusform>alle %n Monate am letzten Tag</numerusform>
        </translation>
    </message>
    <message>
        <source>every month on day %1</source>
        <translation>jeden Monat am %1.</translation>
    </message>
    <message numerus="yes">
        <source>every %n months on day %1</source>
        <translation>
            <numerusform>alle %n Monate am %1.</numerusform>
            <numerusform>alle %n Monate am %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>every year on %1</source>
        <translation>jedes Jahr am %1</translation>
    </message>
    <message numerus="yes">
        <source>every %n years on %1</source>
        <translation>
            <numerusform>alle %n Jahre am %1</numerusform>
            <numerusform>alle %n Jahre am %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 um %2</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n time(s)</source>
        <translation>
            <numerusform>%1, %n-mal</numerusform>
            <numerusform>%1, %n-mal</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 until %2</source>
        <translation>%1 bis %2</translation>
    </message>
</context>
<context>
    <name>vdc::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Die Sprache des Systems</translation>
    </message>
    <message>
        <source>A new language takes effect when the console is started the next time.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start der Konsole.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
</context>
<context>
    <name>vdc::gui::StateStyle</name>
    <message>
        <source>Up</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Wartung</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Reserving</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <source>Copying memory</source>
        <translation>Speicher wird kopiert</translation>
    </message>
    <message>
        <source>Switching over</source>
        <translation>Umschaltung</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>Cleaning up</source>
        <translation>Aufräumen</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefordert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stoppt</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
</context>
<context>
    <name>vdc::gui::StatsStore</name>
    <message>
        <source>A retention of %1 s is out of range; keep between %2 s and %3 s of figures.</source>
        <translation>Eine Aufbewahrungsdauer von %1 s liegt außerhalb des zulässigen Bereichs; bewahren Sie zwischen %2 s und %3 s an Werten auf.</translation>
    </message>
    <message>
        <source>The engine answered without a history.</source>
        <translation>Der Dienst hat ohne Verlauf geantwortet.</translation>
    </message>
    <message>
        <source>A statistics sample was refused: %1</source>
        <translation>Ein Statistik-Messwert wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>The sample of host %1 has no time; it was refused.</source>
        <translation>Der Messwert von Host %1 hat keinen Zeitstempel; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 covers an interval of %2 s; it was refused.</source>
        <translation>Der Messwert von Host %1 umfasst ein Intervall von %2 s; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 says its CPU is %2 % busy, outside 0 to 100; it was refused.</source>
        <translation>Laut Messwert von Host %1 ist seine CPU zu %2 % ausgelastet, außerhalb von 0 bis 100; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 uses %2 MiB of %3 MiB memory; it was refused.</source>
        <translation>Laut Messwert von Host %1 sind %2 MiB von %3 MiB Speicher belegt; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 names a partition &quot;%2&quot; that is not a uuid; it was refused.</source>
        <translation>Der Messwert von Host %1 nennt eine Partition „%2“, die keine UUID ist; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 says partition %2 is %3 % busy, outside 0 to 100; it was refused.</source>
        <translation>Laut Messwert von Host %1 ist Partition %2 zu %3 % ausgelastet, außerhalb von 0 bis 100; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of host %1 says partition %2 uses %3 MiB of %4 MiB; it was refused.</source>
        <translation>Laut Messwert von Host %1 belegt Partition %2 %3 MiB von %4 MiB; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>A zone statistics sample was refused: %1</source>
        <translation>Ein Zonen-Statistik-Messwert wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>The sample of zone %1 has no time; it was refused.</source>
        <translation>Der Messwert von Zone %1 hat keinen Zeitstempel; er wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sample of zone %1 says CPU %2 % and memory %3 %, outside 0 to 100; it was refused.</source>
        <translation>Laut Messwert von Zone %1 liegt die CPU bei %2 % und der Speicher bei %3 %, außerhalb von 0 bis 100; er wurde abgelehnt.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::TablePanel</name>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>(%1 of %2 shown)</source>
        <translation>(%1 von %2 angezeigt)</translation>
    </message>
    <message>
        <source>Nothing matches the filter &quot;%1&quot;.</source>
        <translation>Nichts passt zum Filter „%1“.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::TaskListModel</name>
    <message>
        <source>Migrate %1 from %2 to %3</source>
        <translation>%1 von %2 nach %3 migrieren</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Vergangen</translation>
    </message>
    <message>
        <source>First failure: %1</source>
        <translation>Erster Fehler: %1</translation>
    </message>
    <message>
        <source>Calendar: %1 → no policy set</source>
        <translation>Kalender: %1 → kein Richtliniensatz</translation>
    </message>
    <message>
        <source>Calendar: %1 → %2</source>
        <translation>Kalender: %1 → %2</translation>
    </message>
    <message>
        <source>Cancelling after: %1</source>
        <translation>Wird abgebrochen nach: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Completed with errors</source>
        <translation>Mit Fehlern abgeschlossen</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation>%1 von %2 Schritten</translation>
    </message>
</context>
<context>
    <name>vdc::gui::TasksPanel</name>
    <message>
        <source>&amp;Cancel Task</source>
        <translation>Aufgabe &amp;abbrechen</translation>
    </message>
    <message>
        <source>The migration was cancelled; the partition keeps running where it was.</source>
        <translation>Die Migration wurde abgebrochen; die Partition läuft weiter, wo sie war.</translation>
    </message>
    <message>
        <source>The calendar change of domain %1 was cancelled after %2 of %3 steps; the others were not done.</source>
        <translation>Die Kalenderänderung der Domäne %1 wurde nach %2 von %3 Schritten abgebrochen; die übrigen wurden nicht ausgeführt.</translation>
    </message>
</context>
<context>
    <name>vdc::gui::ZoneItem</name>
    <message>
        <source>Hosts without a zone</source>
        <translation>Hosts ohne Zone</translation>
    </message>
    <message>
        <source>Zone %1</source>
        <translation>Zone %1</translation>
    </message>
</context>
</TS>
