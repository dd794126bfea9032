#include "settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
const QString kLanguageKey = QStringLiteral("language");
} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("The system's language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(language())));

    auto *note = new QLabel(tr("A new language takes effect when the console is started the next time."), this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

QString SettingsDialog::language()
{
    return QSettings().value(kLanguageKey).toString();
}

void SettingsDialog::setLanguage(const QString &lang)
{
    QSettings settings;
    if (lang.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, lang);
}

void SettingsDialog::save()
{
    setLanguage(m_language->currentData().toString());
}

void SettingsDialog::installTranslations()
{
    const QString lang = language();
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    if (!lang.isEmpty())
        QLocale::setDefault(locale);
    auto *qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    // English has a catalogue too: it holds the plural forms ("1 host", "2 hosts").
    auto *own = new QTranslator(qApp);
    if (own->load(locale, QStringLiteral("vdc"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    else if (own->load(QStringLiteral(":/i18n/vdc_en.qm")))
        QCoreApplication::installTranslator(own);
    else
        delete own;
}

} // namespace vdc::gui
