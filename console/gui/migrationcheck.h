#pragma once

#include <QCoreApplication>
#include <QString>

namespace vdc::gui {

class StateStore;

// Whether a partition may be dropped on a host, judged from the console's
// copy of the state before anything is sent: the engine checks again (with
// its placement rules) when the request arrives, so a "yes" here is a
// promise of nothing, but a "no" spares the admin a round trip and says why.
class MigrationCheck
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::MigrationCheck)
public:
    struct Verdict
    {
        bool allowed = false;
        QString reason; // a sentence; for allowed drops what will happen
    };

    static Verdict check(const StateStore &store, const QString &partitionUuid, const QString &targetHost);
    // Whether a host may be dropped into a zone ("" takes it out of every zone).
    static Verdict checkZoneMove(const StateStore &store, const QString &hostName, const QString &zone);
};

} // namespace vdc::gui
