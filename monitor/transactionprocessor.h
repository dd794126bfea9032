#pragma once

#include "core/result.h"
#include "domainxmlbuilder.h"
#include "partitionmetadata.h"
#include "resourcedatabase.h"

#include "vdc.pb.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace vdc::monitor {

class LibvirtConnection;

struct ProcessorSettings
{
    QString hostName;
    std::uint32_t reserveCores = 0;     // lowest cores held by system partitions
    std::uint64_t reserveMemoryMib = 0; // rounded up to whole granules
    std::uint32_t granuleMib = 32;
    std::size_t rememberedTransactions = 4096; // results kept for txid replays
};

// The monitor's logic between the command channel and libvirt: takes one
// decoded ChannelMessage and returns the messages to send back. It owns the
// host's resource database, which it rebuilds from libvirt when created.
//
// Resource rule: only running (or paused) vdc domains hold resources. On
// rebuild every active domain with vdc metadata re-owns what its metadata
// records; a vdc domain that is defined but shut off holds nothing: it is left
// defined and reported, an ACTIVATE of its partition redefines and starts it,
// a DEACTIVATE undefines it. reconcile() applies the same rule while the
// monitor runs (a guest that powered itself off releases its resources).
// Domains without vdc metadata are not vdc's: they are ignored, and the cores
// they may be pinned to are not tracked.
class TransactionProcessor
{
public:
    // Reads the host's cores and memory, sets up the database and rebuilds it
    // from the domains libvirt knows. Fails only when libvirt cannot be read
    // or the settings do not fit the host; damaged or colliding domains are
    // reported (rebuildProblems()) and left out.
    static Result<std::unique_ptr<TransactionProcessor>> create(LibvirtConnection &connection,
                                                                const ProcessorSettings &settings);

    // Decodes one frame and processes it. A frame that does not decode is
    // answered with ChannelMessage{error: ERROR_MALFORMED, request_id 0}.
    std::vector<proto::ChannelMessage> processFrame(const QByteArray &frame);
    // Transaction -> TransactionResult (then a ResourceSnapshot if anything
    // changed); SnapshotRequest -> ResourceSnapshot with the same request_id;
    // anything else -> an error message.
    std::vector<proto::ChannelMessage> process(const proto::ChannelMessage &message);
    // Applies one transaction, idempotent by txid. `changed` tells whether the
    // resource database changed.
    proto::TransactionResult apply(const proto::Transaction &transaction, bool *changed = nullptr);

    // Releases the resources of partitions whose domain is no longer running
    // (shut off or gone from libvirt). True when the database changed.
    bool reconcile();

    // The database plus host facts and the live state of every vdc domain.
    proto::ResourceSnapshot snapshot() const;
    proto::ChannelMessage snapshotMessage(std::uint64_t requestId) const;

    void setGeneration(std::uint64_t generation) { m_generation = generation; }
    std::uint64_t generation() const { return m_generation; }
    const ResourceDatabase &database() const { return m_database; }
    const ProcessorSettings &settings() const { return m_settings; }
    // What rebuild could not take over, one sentence per domain.
    const QStringList &rebuildProblems() const { return m_rebuildProblems; }

private:
    TransactionProcessor(LibvirtConnection &connection, ResourceDatabase database, ProcessorSettings settings);

    Result<void> rebuild();
    proto::TransactionResult activate(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult deactivate(const proto::Transaction &transaction, bool *changed);
    Result<void> validateActivation(const proto::Transaction &transaction) const;
    Result<void> startDomain(const PartitionMetadata &metadata, bool mayUndefineOnFailure);
    proto::TransactionResult success(const proto::Transaction &transaction, proto::PartitionState state,
                                     const Holding *holding) const;
    proto::TransactionResult failure(const proto::Transaction &transaction, const Error &error) const;
    void remember(std::uint64_t txid, const proto::TransactionResult &result);

    LibvirtConnection &m_connection;
    ResourceDatabase m_database;
    ProcessorSettings m_settings;
    DomainXmlBuilder m_builder;
    std::uint64_t m_generation = 0;
    QStringList m_rebuildProblems;
    std::unordered_map<std::uint64_t, proto::TransactionResult> m_results; // txid -> first result
    std::deque<std::uint64_t> m_resultOrder;                                // oldest first, for eviction
};

} // namespace vdc::monitor
