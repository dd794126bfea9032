<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>main</name>
    <message>
        <source>vdc Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desktop console of vdc. Without --connect it runs its own operations engine; with neither --connect nor --database it also starts a demo data center of three hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the vdc-opsd at &lt;endpoint&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the embedded engine&apos;s operations database in &lt;path&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the demo data center (three hosts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with an empty embedded engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the demo&apos;s hosts run on: real (libvirtd with QEMU/KVM guests, needs root), test (libvirt&apos;s test driver) or auto (real where possible, default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once the state has arrived, save the main window to &lt;file&gt; (PNG) and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What --screenshot shows: window (the whole main window, default), map, calendar or charts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--demo and --no-demo contradict each other; give one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::AddHostDialog</name>
    <message>
        <source>Add Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example host4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example tcp://192.0.2.10:5600</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Agent endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent endpoint is the ROUTER address of the host&apos;s vdc-agent (its --listen option).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the host a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A host named %1 is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the endpoint of the host&apos;s vdc-agent, such as tcp://192.0.2.10:5600.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent endpoint &quot;%1&quot; is not a ZeroMQ endpoint; it starts with tcp://, ipc:// or inproc://.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::AuditLogModel</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::AuditLogPanel</name>
    <message numerus="yes">
        <source>%n event(s), newest first.</source>
        <translation>
            <numerusform>%n event, newest first.</numerusform>
            <numerusform>%n events, newest first.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>object, for example prod/web1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the engine for the audit log...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::BoundaryPreviewWidget</name>
    <message>
        <source>Next policy change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine could not say what changes next: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: policy set %1 is due to be in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At %1 (in %2): policy set %3 comes into force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a domain to see its next policy change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the engine what changes next...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy change ahead in domain %1: no calendar entry begins or ends from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarEntryDialog</name>
    <message>
        <source>New Calendar Entry in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example business-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where entries overlap, the one with the higher priority is in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Policy set:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lasts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeats:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Calendar Entry %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry keeps its name; to rename it, create a new entry and delete this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the entry a name, for example business-hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain %1 already has a calendar entry named %2; choose another name or edit that entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain %1 has no policy sets to put in force; create one first (vdcctl policy create).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry must last a while; give a duration of at least one minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end (%1) is before the start (%2); give an end after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end is the same moment as the start; give an end after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a time zone, for example Europe/Berlin or UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time zone &quot;%1&quot; has characters no zone name has; choose one from the list, for example Europe/Berlin or UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time zone %1 is not known; choose one from the list, for example Europe/Berlin or UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the repeat is not complete yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No RRULE: it happens once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RRULE: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarEntryModel</name>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once, %1 %2, for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarMonthView</name>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all day %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarPanel</name>
    <message>
        <source>T&amp;oday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Entry...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time zone the calendar is shown in. Each entry keeps its own zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar of domain %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force now: &lt;b&gt;%1&lt;/b&gt; (the domain&apos;s default; no entry covers this moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force now: &lt;b&gt;%1&lt;/b&gt;, put there by entry &lt;b&gt;%2&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n calendar entry(s) in domain %1.</source>
        <translation>
            <numerusform>%n calendar entry in domain %1.</numerusform>
            <numerusform>%n calendar entries in domain %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2 (week %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar entry %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar entry %1 created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Calendar Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete calendar entry %1 of domain %2? The policy set it puts in force stays; the calendar changes at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar entry %1 deleted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::CalendarWeekView</name>
    <message>
        <source>Entry %1: policy set %2
from %3
until %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>policy set %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::ChartsPanel</name>
    <message>
        <source>GiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>value unit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute(s)</source>
        <translation>
            <numerusform>Last %n minute</numerusform>
            <numerusform>Last %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>@value %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zones now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of each zone&apos;s cores and memory in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>partition (domain)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received %1, sent %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to an operations engine: the charts fill once the console is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operations engine is not answering; the charts of %1 fill once it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the engine for the recent figures of %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no host %1 in this data center.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples from %1 yet: its agent reports once a second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples for %1 yet: its host reports once a second while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no partition with the uuid %1 in this data center.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not running: a partition reports figures only while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples for %1 yet: its host %2 reports once a second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 has no hosts, so there is nothing to measure yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples for zone %1 yet: the engine adds up its hosts&apos; figures once a second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine could not send the recent figures of %1: %2 New figures appear here as they arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a host, a partition or a zone to see its CPU, memory and network over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operations engine stopped answering. The charts keep the last figures, from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to an operations engine. The charts show the last figures, from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not reported since %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine could not send the earlier figures of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to an operations engine: the zone figures fill once the console is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no zones yet: put hosts in zones to compare their use here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first zone figures: the engine sends them once a second.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::ConsoleSession</name>
    <message>
        <source>There is no view called %1 to take a screenshot of; use window, map, calendar or charts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--demo-hosts takes real, test or auto, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center runs its hosts on this machine for the embedded engine; use --no-demo with --connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center keeps its own temporary database; use --no-demo with --database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo cannot create a temporary directory for its database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the directory %1 for the operations database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center could not be set up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vdc Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center could not be set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The state did not arrive within %1 seconds; no screenshot was taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screenshot written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::DemoDataCenter</name>
    <message>
        <source>Production, first floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Research and batch work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interactive work stops overnight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports run during the month-end close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is set to %2, which is not an executable program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo needs %1, which is neither next to the console nor in the build tree nor in PATH; set %2 to its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo cannot create its working directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo cannot run real hosts here: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1 real hosts (libvirtd with QEMU, vdc-monitor and vdc-agent each)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo runs on libvirt&apos;s test driver: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting demo host %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo hosts did not report their endpoints within %1 seconds. Their logs are in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A demo daemon (%1) exited with code %2. Its last words:
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo zone %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registering the demo hosts with the operations engine...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo host %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounting and billing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulation and analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo domain %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defining the demo partitions...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo partition %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the demo&apos;s policy calendar...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo policy set %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused demo calendar entry %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the demo hosts to report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo hosts registered but did not come up within %1 seconds. Their logs are in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting demo partition %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo partition %1 did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo data center is running, but these partitions did not start: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::DemoRig</name>
    <message>
        <source>VDC_RIG is set to %1, which is not an executable program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig script vdc-rig is neither next to the console nor in the source tree nor in PATH; set VDC_RIG to its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>real hosts need root, because each one is a libvirtd in its own namespaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>real hosts need %1, which is not installed (packages libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vdc-monitor (%1) and vdc-agent (%2) must be in one folder, or in monitor/ and hostagent/ of one build tree, for the rig to find them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another console (process %1) runs its demo on the real hosts in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig folder %1 of an earlier demo could not be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig script %1 could not be started: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig did not start its hosts (exit code %1):
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig started %1 but wrote no agent endpoint for it (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rig&apos;s endpoint file for %1 names no agent endpoint (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 did not finish within %3 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::DisplayFormat</name>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <comment>free / total</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostCardItem</name>
    <message>
        <source>%1: %2</source>
        <comment>partition: migration phase</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>used/total cores</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <comment>memory total</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no partitions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostEditorDialog</name>
    <message>
        <source>&amp;Add Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Host %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported by the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cores:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions running:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;oom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ra&amp;ck:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacities in Mbps (1 to %L1). Partitions with a bandwidth guarantee are placed on a link with room for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>state (last error)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 free of %2 (%3 kept for the system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 kept for the system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (from the zone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 was removed meanwhile; there is nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the zone, location or links to save.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::HostTableModel</name>
    <message>
        <source>%1 / %2</source>
        <comment>free / total</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cores free of %2; %3 reserved for system partitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 free of %2; %3 reserved for system partitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No heartbeat has arrived from this host yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cores free / total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory free / total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::MainWindow</name>
    <message>
        <source>&amp;Connect to...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a vdc-opsd operations service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Define a new partition in a domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place the selected partition on a host and start it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected partition and release its cores and memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected partition&apos;s definition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected host&apos;s zone, location and network links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected stopped partition&apos;s definition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register a host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register a host by the endpoint of its vdc-agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the console&apos;s language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About vdc Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hosts are registered. Add one with Host &gt; Add, giving the endpoint of its vdc-agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No partitions are defined. Create one with Partition &gt; Create.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected: the console is not connected to an operations engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the embedded operations engine...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the operations engine at %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the embedded operations engine (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected: the operations engine at %1 stopped answering. The last known state is shown, read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected: reconnecting to the operations engine at %1 (attempt %2). The last known state is shown, read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operations engine at %1 is not answering. The tables show the last known state and cannot be changed until the engine is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts: %1    Partitions: %2    Running: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to Operations Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint of the vdc-opsd operations service (its --listen address), for example tcp://192.0.2.5:5555:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vdc Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting partition %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was started on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping partition %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 could not be stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete partition %1 of domain %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its definition is removed from the operations database. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting partition %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 could not be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding host %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 could not be added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About vdc Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;vdc Console %1&lt;/h3&gt;&lt;p&gt;The desktop console of vdc, a virtual data center for Linux/KVM hosts.&lt;/p&gt;&lt;p&gt;Protocol version %2. Operations engine: %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language takes effect when the console is started the next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Hosts that were considered:&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>host: reason</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::MapPanel</name>
    <message>
        <source>Draw &amp;Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag out a rectangle on the map to create a zone there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag out a rectangle on the map to create a zone; press Escape to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Migrate to...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected running partition to another host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to &amp;Zone...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the selected host in another zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole data center.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map is read-only: the console is not connected to an operations engine. Connect to one to migrate partitions or change zones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map is read-only: the operations engine at %1 cannot be reached. It shows the last state it had; moves are possible again once the engine is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrating %1 to %2...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not migrated to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine is migrating %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no zone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Host %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone for host %1 (now %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking host %1 out of its zone...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving host %1 to zone %2...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 was not moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is in no zone now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is in zone %2 now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new zone (letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was not created: the operations engine cannot be reached. Draw it again once the engine is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was not created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was created. Drag hosts into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was not moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 is kept in its new place on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name of zone %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was not renamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 is now called %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1 was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename Zone...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::MapScene</name>
    <message numerus="yes">
        <source>%n host(s)</source>
        <translation>
            <numerusform>%n host</numerusform>
            <numerusform>%n hosts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s)</source>
        <translation>
            <numerusform>%n partition</numerusform>
            <numerusform>%n partitions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (domain %2): %3, %n vCPU(s), %4 of memory</source>
        <translation>
            <numerusform>%1 (domain %2): %3, %n vCPU, %4 of memory</numerusform>
            <numerusform>%1 (domain %2): %3, %n vCPUs, %4 of memory</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop %1 on a host card to migrate it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is being migrated already; wait until it has landed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop host %1 in a zone to move it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A zone needs room for its hosts: drag out a rectangle at least %1 by %2 points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrating to %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last migration failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1: %2. %3 of %4 cores free, %5 free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts that are in no zone. Drag a host into a zone to move it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1. Drag its title to move it, its lower right corner to resize it, double-click the title to rename it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::MigrateDialog</name>
    <message>
        <source>Migrate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the host %1 should move to. It runs on %2 now; hosts that cannot take it say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can it take the partition?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Migrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a host.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::MigrationCheck</name>
    <message>
        <source>The partition is no longer known to the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop %1 on a host card to migrate it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already runs on %2; drop it on another host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a running partition can be migrated; %1 is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 has failed; it cannot take partitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is in maintenance; it takes no partitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is not reachable; it cannot take partitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must stay in zone %2; host %3 is in no zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must stay in zone %2; host %3 is in zone %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain %1 may not use zone %2 of host %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 has %2 free cores; %3 needs %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 has %2 free; %3 needs %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrate %1 from %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host is no longer known to the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is in no zone already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 is in zone %2 already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 runs partitions (%2); migrate or stop them before moving the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take host %1 out of its zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move host %1 to zone %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::NetworkLinkTableModel</name>
    <message>
        <source>Link %1 has a negative capacity; give between 1 and %2 Mbps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 Mbps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth guaranteed to partitions running on this link; the capacity cannot go below it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guaranteed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::OpsClient</name>
    <message>
        <source>The endpoint is empty; give one such as tcp://host:5555.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console disconnected from %1 before the engine answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 was reset before the engine answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operations engine at %1 stopped answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console is not connected to an operations engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be sent to the operations engine at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operations engine at %1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionDetailsWidget</name>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a partition to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned cores:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory granules:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boot:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (last ran there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <comment>granule count × granule size</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>engine default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionEditorDialog</name>
    <message>
        <source>zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bandwidth guarantee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>boot source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QoS class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rack exclusions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>affinity group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>affinity scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>affinity requirement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anti-affinity group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accelerator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Partition %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example web1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Floppy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>absolute path on the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Boot from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host&apos;s best (KVM where usable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software emulation (TCG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accelerator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions started together are placed in order of priority, higher first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The zone (or host) must offer this QoS class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;QoS class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Room:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>groups, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never placed in a rack that holds a member of these groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Not in a rack of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Affinity group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On one host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In one rack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;quired (otherwise preferred)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Together:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never on a host that runs another member of this group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;nti-affinity group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Placement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;vCPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Mbps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth guaranteed on one of the host&apos;s network links; 0 is best effort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bandwidth guarantee:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative CPU weight against other partitions on the host (%1 to %2); 0 is the host default. A policy set in force may override it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU &amp;shares:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;erformance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any zone the domain may use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 occupies host %2 (state: %3). Its vCPUs, memory, bandwidth guarantee, boot source and accelerator were given to the host when it started; they can be changed only while it is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the partition to change this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the partition a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A partition named %1 already exists in domain %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the absolute path of the image on the host, such as /var/lib/vdc/vmlinuz.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The priority cannot be negative; 0 is the lowest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of vCPUs cannot be negative; give between 1 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory cannot be negative; give between %1 MiB and %2 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bandwidth guarantee cannot be negative; 0 is best effort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU shares cannot be negative; 0 is the host default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 was deleted meanwhile; there is nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 is running; stop it before changing its %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change a field to save it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving changes only what you changed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine places the partition on a host with enough free cores and memory when it is started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::PartitionTableModel</name>
    <message>
        <source>UUID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last ran on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::PlacementReasonsDialog</name>
    <message>
        <source>Placement Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n host(s) considered:</source>
        <translation>
            <numerusform>%n host considered:</numerusform>
            <numerusform>%n hosts considered:</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Copy Reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <comment>host (partition): reason</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>host: reason</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::PlacementRejectionModel</name>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was not chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::RecurrenceEditor</name>
    <message>
        <source>on day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on the</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>third</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fourth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once, on %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one weekday for a weekly repeat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The repeat ends on %1, before the first start on %2; choose a later end date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This entry repeats by a rule the choices above cannot show (%1); it is kept as it is unless you choose another repeat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>day(s)</source>
        <translation>
            <numerusform>day</numerusform>
            <numerusform>days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>week(s) on</source>
        <translation>
            <numerusform>week on</numerusform>
            <numerusform>weeks on</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>month(s)</source>
        <translation>
            <numerusform>month</numerusform>
            <numerusform>months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>year(s), on the start&apos;s date</source>
        <translation>
            <numerusform>year, on the start&apos;s date</numerusform>
            <numerusform>years, on the start&apos;s date</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vdc::gui::RecurrencePhrase</name>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>third</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fourth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every month on the %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n months on the %1 %2</source>
        <translation>
            <numerusform>every %n month on the %1 %2</numerusform>
            <numerusform>every %n months on the %1 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>every day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n days</source>
        <translation>
            <numerusform>every %n day</numerusform>
            <numerusform>every %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>every weekday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n weeks on %1</source>
        <translation>
            <numerusform>every %n week on %1</numerusform>
            <numerusform>every %n weeks on %1</numerusform>
        </translation>
    </message>
    <message>
        <source>every month on the last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n months on the last day</source>
        <translation>
            <numerusform>every %n month on the last day</numerusform>
            <numerusform>every %n months on the last day</numerusform>
        </translation>
    </message>
    <message>
        <source>every month on day %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n months on day %1</source>
        <translation>
            <numerusform>every %n month on day %1</numerusform>
            <numerusform>every %n months on day %1</numerusform>
        </translation>
    </message>
    <message>
        <source>every year on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n years on %1</source>
        <translation>
            <numerusform>every %n year on %1</numerusform>
            <numerusform>every %n years on %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %n time(s)</source>
        <translation>
            <numerusform>%1, %n time</numerusform>
            <numerusform>%1, %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 until %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect when the console is started the next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::StateStyle</name>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switching over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaning up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::StatsStore</name>
    <message>
        <source>A retention of %1 s is out of range; keep between %2 s and %3 s of figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine answered without a history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A statistics sample was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 has no time; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 covers an interval of %2 s; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 says its CPU is %2 % busy, outside 0 to 100; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 uses %2 MiB of %3 MiB memory; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 names a partition &quot;%2&quot; that is not a uuid; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 says partition %2 is %3 % busy, outside 0 to 100; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of host %1 says partition %2 uses %3 MiB of %4 MiB; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A zone statistics sample was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of zone %1 has no time; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample of zone %1 says CPU %2 % and memory %3 %, outside 0 to 100; it was refused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::TablePanel</name>
    <message>
        <source>(%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 of %2 shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches the filter &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::TaskListModel</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrate %1 from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First failure: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar: %1 → no policy set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar: %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed with errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::TasksPanel</name>
    <message>
        <source>&amp;Cancel Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar change of domain %1 was cancelled after %2 of %3 steps; the others were not done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration was cancelled; the partition keeps running where it was.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vdc::gui::ZoneItem</name>
    <message>
        <source>Hosts without a zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zone %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
