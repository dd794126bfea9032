#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QString>

#include <cstdint>

class QXmlStreamWriter;

namespace vdc::monitor {

// What vdc records in a libvirt domain's <metadata>, so that a restarted
// monitor can rebuild its resource database from libvirt alone:
//
//   <vdc:partition xmlns:vdc="urn:vdc:partition:1">
//     <vdc:uuid>..</vdc:uuid> <vdc:name>..</vdc:name> <vdc:domain>..</vdc:domain>
//     <vdc:zone>..</vdc:zone> <vdc:vcpus>2</vdc:vcpus> <vdc:memory unit="MiB">64</vdc:memory>
//     <vdc:boot>network</vdc:boot> <vdc:bandwidth unit="Mbps">0</vdc:bandwidth> <vdc:priority>0</vdc:priority>
//     <vdc:accelerator>tcg</vdc:accelerator>   (only when set)
//     <vdc:cpu-shares>2048</vdc:cpu-shares>    (only when set; follows live changes)
//     <vdc:assignment granule-mib="32"><vdc:cores>3,5</vdc:cores><vdc:granules>0-1</vdc:granules></vdc:assignment>
//     <vdc:txid>17</vdc:txid>
//   </vdc:partition>
//
// Cores are listed in vCPU order (vCPU i runs on the i-th core).
struct PartitionMetadata
{
    static inline const QString kNamespaceUri = QStringLiteral("urn:vdc:partition:1");
    static inline const QString kPrefix = QStringLiteral("vdc");

    proto::PartitionSpec spec;
    proto::ResourceAssignment assignment;
    std::uint64_t txid = 0;         // the transaction that created the domain
    std::uint32_t granuleMib = 0;   // granule size the indices refer to

    // Writes the <vdc:partition> element at the writer's position.
    void write(QXmlStreamWriter &writer) const;
    // The element as a document of its own.
    QString toXml() const;

    // Reads the element back. Accepts it with the vdc namespace or, as
    // virDomainGetMetadata returns it, without any namespace. Unknown child
    // elements are skipped so newer monitors can add fields.
    static Result<PartitionMetadata> parse(const QString &xml);
};

} // namespace vdc::monitor
