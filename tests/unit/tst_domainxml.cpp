// The libvirt domain XML and the vdc metadata in it: pinning, memory,
// boot source, escaping of odd characters, and the metadata round trip.
#include "domainxmlbuilder.h"
#include "indexlist.h"
#include "partitionmetadata.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace vdc;
using namespace vdc::monitor;

namespace {

// The error's sentence, or nothing when it succeeded (QVERIFY2 evaluates its
// message even when the check passes).
template<typename R>
QString messageOf(const R &result)
{
    return result ? QString() : result.error().message();
}

PartitionMetadata sampleMetadata()
{
    PartitionMetadata m;
    m.spec.set_uuid("6f1c2a9e-3b4d-4c5e-8f70-123456789abc");
    m.spec.set_name("web1");
    m.spec.set_domain("shop");
    m.spec.set_zone("rack-a");
    m.spec.set_vcpus(2);
    m.spec.set_memory_mib(100);
    m.spec.set_boot("network");
    m.spec.set_bandwidth_mbps(250);
    m.spec.set_priority(7);
    m.assignment.add_cores(5);
    m.assignment.add_cores(3);
    for (std::uint32_t g : {8u, 9u, 10u, 11u})
        m.assignment.add_memory_granules(g);
    m.txid = 4242;
    m.granuleMib = 32;
    return m;
}

// What the XML says, read back with a real XML parser.
struct DomainFacts
{
    QString type;
    QString name;
    QString uuid;
    QString memory;
    QString memoryUnit;
    QString vcpus;
    QList<QPair<QString, QString>> pins; // vcpu, cpuset
    QString bootDev;
    QString kernel;
    QString metadataNamespace;
    QString metadataXml; // the <vdc:partition> element re-serialised
    bool hasSerial = false;
    QString error;
};

DomainFacts read(const QString &xml)
{
    DomainFacts f;
    QXmlStreamReader r(xml);
    QStringList path;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            path << r.name().toString();
            const QString where = path.join(QLatin1Char('/'));
            const auto a = r.attributes();
            if (where == QLatin1String("domain"))
                f.type = a.value(QStringLiteral("type")).toString();
            else if (where == QLatin1String("domain/name"))
                f.name = r.readElementText(), path.removeLast();
            else if (where == QLatin1String("domain/uuid"))
                f.uuid = r.readElementText(), path.removeLast();
            else if (where == QLatin1String("domain/memory")) {
                f.memoryUnit = a.value(QStringLiteral("unit")).toString();
                f.memory = r.readElementText();
                path.removeLast();
            } else if (where == QLatin1String("domain/vcpu"))
                f.vcpus = r.readElementText(), path.removeLast();
            else if (where == QLatin1String("domain/cputune/vcpupin"))
                f.pins << qMakePair(a.value(QStringLiteral("vcpu")).toString(), a.value(QStringLiteral("cpuset")).toString());
            else if (where == QLatin1String("domain/os/boot"))
                f.bootDev = a.value(QStringLiteral("dev")).toString();
            else if (where == QLatin1String("domain/os/kernel"))
                f.kernel = r.readElementText(), path.removeLast();
            else if (where == QLatin1String("domain/devices/serial"))
                f.hasSerial = true;
            else if (where == QLatin1String("domain/metadata/partition")) {
                f.metadataNamespace = r.namespaceUri().toString();
                // Copy the element out, as libvirt hands it back.
                QXmlStreamWriter w(&f.metadataXml);
                int depth = 0;
                do {
                    if (r.isStartElement()) {
                        w.writeStartElement(r.namespaceUri().toString(), r.name().toString());
                        for (const auto &attr : r.attributes())
                            w.writeAttribute(attr.qualifiedName().toString(), attr.value().toString());
                        ++depth;
                    } else if (r.isEndElement()) {
                        w.writeEndElement();
                        --depth;
                    } else if (r.isCharacters()) {
                        w.writeCharacters(r.text().toString());
                    }
                    if (depth > 0)
                        r.readNext();
                } while (depth > 0 && !r.atEnd());
                path.removeLast();
            }
        } else if (r.isEndElement()) {
            path.removeLast();
        }
    }
    if (r.hasError())
        f.error = r.errorString();
    return f;
}

void compareSpecs(const proto::PartitionSpec &a, const proto::PartitionSpec &b)
{
    QCOMPARE(QString::fromStdString(a.uuid()), QString::fromStdString(b.uuid()));
    QCOMPARE(QString::fromStdString(a.name()), QString::fromStdString(b.name()));
    QCOMPARE(QString::fromStdString(a.domain()), QString::fromStdString(b.domain()));
    QCOMPARE(QString::fromStdString(a.zone()), QString::fromStdString(b.zone()));
    QCOMPARE(QString::fromStdString(a.boot()), QString::fromStdString(b.boot()));
    QCOMPARE(a.vcpus(), b.vcpus());
    QCOMPARE(a.memory_mib(), b.memory_mib());
    QCOMPARE(a.bandwidth_mbps(), b.bandwidth_mbps());
    QCOMPARE(a.priority(), b.priority());
}

} // namespace

class TestDomainXml : public QObject
{
    Q_OBJECT

private slots:
    void hasPinningMemoryAndMetadata();
    void emulatedTypesGetAMachineAndConsole();
    void metadataRoundTrips();
    void metadataAsLibvirtReturnsItParses();
    void oddCharactersAreEscaped();
    void kernelBoot();
    void floppyBootSoftwareEmulationAndSerialLog();
    void refusesWhatItCannotBuild();
    void damagedMetadataIsRefused();
    void indexListsRoundTrip();
    void cpuSharesGoIntoCputune();
};

void TestDomainXml::hasPinningMemoryAndMetadata()
{
    const auto xml = DomainXmlBuilder(DomainType::Test).build(sampleMetadata());
    QVERIFY2(xml, qPrintable(messageOf(xml)));
    const DomainFacts f = read(*xml);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.type, QStringLiteral("test"));
    QCOMPARE(f.name, QStringLiteral("shop.web1"));
    QCOMPARE(f.uuid, QStringLiteral("6f1c2a9e-3b4d-4c5e-8f70-123456789abc"));
    // Memory is what the granules hold: 4 x 32 MiB.
    QCOMPARE(f.memoryUnit, QStringLiteral("KiB"));
    QCOMPARE(f.memory, QString::number(4 * 32 * 1024));
    QCOMPARE(f.vcpus, QStringLiteral("2"));
    const QList<QPair<QString, QString>> pins{{QStringLiteral("0"), QStringLiteral("5")},
                                              {QStringLiteral("1"), QStringLiteral("3")}};
    QCOMPARE(f.pins, pins);
    QCOMPARE(f.bootDev, QStringLiteral("network"));
    QCOMPARE(f.metadataNamespace, QStringLiteral("urn:vdc:partition:1"));
    QVERIFY(!f.hasSerial);
    // The element declares its namespace itself, as libvirt wants for metadata.
    QVERIFY2(xml->contains(QStringLiteral("<vdc:partition xmlns:vdc=\"urn:vdc:partition:1\">")), qPrintable(*xml));

    // The metadata inside the domain XML reads back to what was written.
    const auto back = PartitionMetadata::parse(f.metadataXml);
    QVERIFY2(back, qPrintable(messageOf(back) + QLatin1Char('\n') + f.metadataXml));
    QCOMPARE(back->txid, 4242u);
    QCOMPARE(back->granuleMib, 32u);
    compareSpecs(back->spec, sampleMetadata().spec);
}

void TestDomainXml::emulatedTypesGetAMachineAndConsole()
{
    for (const DomainType type : {DomainType::Kvm, DomainType::Qemu}) {
        const auto xml = DomainXmlBuilder(type).build(sampleMetadata());
        QVERIFY(xml);
        const DomainFacts f = read(*xml);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QCOMPARE(f.type, domainTypeName(type));
        QVERIFY(f.hasSerial);
        QVERIFY(xml->contains(QStringLiteral("arch=\"x86_64\"")));
        QCOMPARE(f.pins.size(), 2);
    }
    QCOMPARE(domainTypeName(DomainType::Kvm), QStringLiteral("kvm"));
    QCOMPARE(domainTypeName(DomainType::Qemu), QStringLiteral("qemu"));
}

void TestDomainXml::metadataRoundTrips()
{
    const PartitionMetadata m = sampleMetadata();
    const auto back = PartitionMetadata::parse(m.toXml());
    QVERIFY2(back, qPrintable(messageOf(back)));
    compareSpecs(back->spec, m.spec);
    QCOMPARE(back->txid, m.txid);
    QCOMPARE(back->granuleMib, m.granuleMib);
    QCOMPARE(std::vector<std::uint32_t>(back->assignment.cores().begin(), back->assignment.cores().end()),
             (std::vector<std::uint32_t>{5, 3}));
    QCOMPARE(std::vector<std::uint32_t>(back->assignment.memory_granules().begin(), back->assignment.memory_granules().end()),
             (std::vector<std::uint32_t>{8, 9, 10, 11}));
    QCOMPARE(back->assignment.memory_mib(), 128u);
}

void TestDomainXml::metadataAsLibvirtReturnsItParses()
{
    // virDomainGetMetadata hands the element back without its namespace, and
    // a newer monitor may have added elements this one does not know.
    const QString xml = QStringLiteral(
        "<partition>\n  <uuid>6f1c2a9e-3b4d-4c5e-8f70-123456789abc</uuid>\n  <name>web1</name>\n"
        "  <domain>shop</domain>\n  <zone/>\n  <vcpus>1</vcpus>\n  <memory unit=\"MiB\">64</memory>\n"
        "  <future><nested>x</nested></future>\n"
        "  <assignment granule-mib=\"32\">\n    <cores>4</cores>\n    <granules>2-3</granules>\n  </assignment>\n"
        "  <txid>9</txid>\n</partition>\n");
    const auto m = PartitionMetadata::parse(xml);
    QVERIFY2(m, qPrintable(messageOf(m)));
    QCOMPARE(QString::fromStdString(m->spec.name()), QStringLiteral("web1"));
    QCOMPARE(m->assignment.cores_size(), 1);
    QCOMPARE(m->assignment.cores(0), 4u);
    QCOMPARE(m->assignment.memory_granules_size(), 2);
    QCOMPARE(m->txid, 9u);
}

void TestDomainXml::oddCharactersAreEscaped()
{
    // Validation refuses such names at the edge; the builder must still never
    // produce broken XML or let text turn into markup.
    PartitionMetadata m = sampleMetadata();
    m.spec.set_name("a<b>&c\"d'e");
    m.spec.set_domain("x]]>y");
    m.spec.set_zone("</vdc:zone><vdc:txid>1</vdc:txid>");
    m.spec.set_boot("kernel:/boot/a&b <c>.img");
    const auto xml = DomainXmlBuilder(DomainType::Kvm).build(m);
    QVERIFY2(xml, qPrintable(messageOf(xml)));
    const DomainFacts f = read(*xml);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error + QLatin1Char('\n') + *xml));
    QCOMPARE(f.name, QStringLiteral("x]]>y.a<b>&c\"d'e"));
    QCOMPARE(f.kernel, QStringLiteral("/boot/a&b <c>.img"));
    QVERIFY(!xml->contains(QStringLiteral("<b>")));

    const auto back = PartitionMetadata::parse(f.metadataXml);
    QVERIFY2(back, qPrintable(messageOf(back)));
    compareSpecs(back->spec, m.spec);
    QCOMPARE(back->txid, 4242u); // the zone's text did not become a txid element
    const auto direct = PartitionMetadata::parse(m.toXml());
    QVERIFY(direct);
    compareSpecs(direct->spec, m.spec);
}

void TestDomainXml::kernelBoot()
{
    PartitionMetadata m = sampleMetadata();
    m.spec.set_boot("kernel:/var/lib/vdc/vmlinuz");
    const auto xml = DomainXmlBuilder(DomainType::Qemu).build(m);
    QVERIFY(xml);
    const DomainFacts f = read(*xml);
    QCOMPARE(f.kernel, QStringLiteral("/var/lib/vdc/vmlinuz"));
    QVERIFY(f.bootDev.isEmpty());

    m.spec.set_boot("");
    QCOMPARE(read(*DomainXmlBuilder(DomainType::Qemu).build(m)).bootDev, QStringLiteral("network"));
}

void TestDomainXml::floppyBootSoftwareEmulationAndSerialLog()
{
    PartitionMetadata m = sampleMetadata();
    m.spec.set_boot("floppy:/var/lib/vdc/counter.img");
    m.spec.set_accelerator("tcg");
    const DomainXmlBuilder builder(DomainType::Kvm, QStringLiteral("/var/log/vdc"));
    const auto xml = builder.build(m);
    QVERIFY2(xml, qPrintable(messageOf(xml)));
    const DomainFacts f = read(*xml);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.type, QStringLiteral("qemu")); // software emulation on a KVM host
    QCOMPARE(f.bootDev, QStringLiteral("fd"));
    QVERIFY2(xml->contains(QStringLiteral("<source file=\"/var/lib/vdc/counter.img\"/>")), qPrintable(*xml));
    QVERIFY2(xml->contains(QStringLiteral("device=\"floppy\"")) && xml->contains(QStringLiteral("<readonly/>")),
             qPrintable(*xml));
    QVERIFY2(xml->contains(QStringLiteral("<source path=\"/var/log/vdc/shop.web1.log\" append=\"on\"/>")),
             qPrintable(*xml));
    QCOMPARE(builder.serialLogPath(m.spec), QStringLiteral("/var/log/vdc/shop.web1.log"));
    // The accelerator is recorded, so the target of a migration builds it alike.
    const auto back = PartitionMetadata::parse(m.toXml());
    QVERIFY(back);
    QCOMPARE(back->spec.accelerator(), std::string("tcg"));

    // Without the accelerator a KVM host runs it with KVM; without a log folder the serial port is a pty.
    m.spec.set_accelerator("");
    const auto kvm = DomainXmlBuilder(DomainType::Kvm).build(m);
    QVERIFY(kvm);
    QCOMPARE(read(*kvm).type, QStringLiteral("kvm"));
    QVERIFY2(kvm->contains(QStringLiteral("<serial type=\"pty\">")), qPrintable(*kvm));

    m.spec.set_accelerator("hvf");
    const auto bad = DomainXmlBuilder(DomainType::Kvm).build(m);
    QVERIFY(!bad);
    QVERIFY2(bad.error().message().contains(QStringLiteral("hvf")), qPrintable(bad.error().message()));
    m.spec.set_accelerator("");
    m.spec.set_boot("floppy:relative.img");
    QVERIFY(!DomainXmlBuilder(DomainType::Kvm).build(m));
}

void TestDomainXml::refusesWhatItCannotBuild()
{
    PartitionMetadata m = sampleMetadata();
    m.spec.set_boot("cdrom");
    auto bad = DomainXmlBuilder(DomainType::Test).build(m);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY2(bad.error().message().contains(QStringLiteral("cdrom")), qPrintable(bad.error().message()));
    m.spec.set_boot("kernel:relative/path");
    QVERIFY(!DomainXmlBuilder(DomainType::Test).build(m));

    m = sampleMetadata();
    m.spec.set_vcpus(3); // two cores assigned
    bad = DomainXmlBuilder(DomainType::Test).build(m);
    QVERIFY(!bad);
    QVERIFY2(bad.error().message().contains(QStringLiteral("3 vCPUs but 2 cores")), qPrintable(bad.error().message()));

    m = sampleMetadata();
    m.assignment.clear_memory_granules();
    QVERIFY(!DomainXmlBuilder(DomainType::Test).build(m));
}

void TestDomainXml::damagedMetadataIsRefused()
{
    const QStringList damaged{
        QString(),
        QStringLiteral("not xml at all"),
        QStringLiteral("<other xmlns=\"urn:vdc:partition:1\"/>"),
        QStringLiteral("<partition xmlns=\"urn:something:else\"><uuid>u</uuid></partition>"),
        // Missing the assignment.
        QStringLiteral("<partition><uuid>u</uuid><name>n</name><domain>d</domain><vcpus>1</vcpus>"
                       "<memory>64</memory></partition>"),
        // A number that is not one.
        QStringLiteral("<partition><uuid>u</uuid><name>n</name><domain>d</domain><vcpus>one</vcpus><memory>64</memory>"
                       "<assignment granule-mib=\"32\"><cores>1</cores><granules>2</granules></assignment></partition>"),
        // A core list that is not one.
        QStringLiteral("<partition><uuid>u</uuid><name>n</name><domain>d</domain><vcpus>1</vcpus><memory>64</memory>"
                       "<assignment granule-mib=\"32\"><cores>1-x</cores><granules>2</granules></assignment></partition>"),
        // Truncated.
        QStringLiteral("<partition><uuid>u</uuid><name>n</name><domain>d</domain><vcpus>1</vcpus><memory>64</memory>"
                       "<assignment granule-mib=\"32\"><cores>1</cores><granules>2</granules>"),
    };
    for (const QString &xml : damaged) {
        const auto m = PartitionMetadata::parse(xml);
        QVERIFY2(!m, qPrintable(xml));
        QCOMPARE(m.error().code(), proto::ERROR_MALFORMED);
        QVERIFY(m.error().message().startsWith(QStringLiteral("The vdc partition metadata is damaged")));
    }
}

void TestDomainXml::indexListsRoundTrip()
{
    const std::vector<std::uint32_t> ordered{0, 1, 2, 3, 8, 10, 11};
    QCOMPARE(formatIndexList(ordered), QStringLiteral("0-3,8,10-11"));
    QCOMPARE(*parseIndexList(QStringLiteral("list"), QStringLiteral("0-3,8,10-11")), ordered);
    // vCPU order is kept: 5,3 is not sorted into 3,5.
    const std::vector<std::uint32_t> unordered{5, 3, 4};
    QCOMPARE(formatIndexList(unordered), QStringLiteral("5,3-4"));
    QCOMPARE(*parseIndexList(QStringLiteral("list"), QStringLiteral("5,3-4")), unordered);
    QVERIFY(parseIndexList(QStringLiteral("list"), QString())->empty());
    for (const QString &bad : {QStringLiteral("3-1"), QStringLiteral("a"), QStringLiteral("1,,2"), QStringLiteral("-1"),
                              QStringLiteral("0-99999999")})
        QVERIFY2(!parseIndexList(QStringLiteral("list"), bad), qPrintable(bad));
}

void TestDomainXml::cpuSharesGoIntoCputune()
{
    auto metadata = sampleMetadata();
    auto xml = DomainXmlBuilder(DomainType::Test).build(metadata);
    QVERIFY2(xml, qPrintable(messageOf(xml)));
    QVERIFY2(!xml->contains(QStringLiteral("<shares>")), qPrintable(*xml)); // the host default
    metadata.spec.set_cpu_shares(2048);
    xml = DomainXmlBuilder(DomainType::Test).build(metadata);
    QVERIFY2(xml, qPrintable(messageOf(xml)));
    QXmlStreamReader r(*xml);
    QString shares;
    while (!r.atEnd())
        if (r.readNextStartElement() && r.name() == QLatin1String("shares"))
            shares = r.readElementText();
    QCOMPARE(shares, QStringLiteral("2048"));
}

QTEST_GUILESS_MAIN(TestDomainXml)
#include "tst_domainxml.moc"
