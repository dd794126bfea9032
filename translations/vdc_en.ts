<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>vdc::gui::AuditLogPanel</name>
    <message numerus="yes">
        <source>%n event(s), newest first.</source>
        <translation><numerusform>%n event, newest first.</numerusform><numerusform>%n events, newest first.</numerusform></translation></message>
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
</context>
</TS>