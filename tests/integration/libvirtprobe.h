#pragma once

#include <QList>
#include <QString>

namespace vdc::testing {

// Reads what libvirt itself holds, independently of vdc's daemons: the
// check that vdc did what it said.
struct DomainFacts
{
    bool exists = false;
    bool active = false;
    QList<unsigned> pinnedCores; // vcpupin cpuset per vCPU, in vCPU order
    unsigned long long memoryKib = 0;
    QString xml;
};

DomainFacts probeDomain(const QString &uri, const QString &uuid);

// UUIDs of every domain carrying vdc's metadata.
QStringList vdcDomainUuids(const QString &uri);

// Destroys and undefines every domain that carries vdc's metadata (leftovers
// from an earlier run in a long-lived libvirtd).
void removeVdcDomains(const QString &uri);

} // namespace vdc::testing
