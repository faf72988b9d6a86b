/**
 * What lands on the Nordlicht service desk: topics of incidents (Störungen) and service requests
 * (Serviceanfragen) with their German texts, how often they come and how long they take. All customers and
 * people are fictional.
 */

export interface HdTopic {
  readonly id: string;
  readonly type: 'stoerung' | 'serviceanfrage';
  readonly summaries: readonly string[];
  /** Summaries after the self-service password reset went live (absent: unchanged). */
  readonly summariesAfter?: readonly string[];
  /** Relative frequency before the self-service password reset went live. */
  readonly weight: number;
  /** Relative frequency once it is in use. */
  readonly weightAfter: number;
  /** Median time in work (In Bearbeitung) including queueing behind other tickets, in working minutes. */
  readonly workMedianMin: number;
  readonly workMedianAfterMin?: number;
  /** Log-normal shape of the work time. */
  readonly workSigma: number;
  /** Probability that the agent needs something from the customer (Wartet auf Kunde). */
  readonly waitChance: number;
  readonly waitChanceAfter?: number;
  /** Probability of a flagged block (third party, delivery). */
  readonly flagChance: number;
  readonly labels: readonly string[];
  /** What the customer reports; `symptoms[i]` belongs to `summaries[i]` (the rest fit every summary). */
  readonly symptoms: readonly string[];
  /** What customers report after the go-live, matching `summariesAfter` by index. */
  readonly symptomsAfter?: readonly string[];
  readonly tried: readonly string[];
  /** The agent's question when waiting for the customer; `questions[i]` belongs to `summaries[i]` when present. */
  readonly questions: readonly string[];
  /** How it was solved; `solutions[i]` belongs to `summaries[i]` when present. */
  readonly solutions: readonly string[];
}

/** The help desk's share of password topics drops once users reset passwords themselves. */
export const HD_TOPICS: readonly HdTopic[] = [
  // --- Störungen --------------------------------------------------------------------------------------------
  {
    id: 'outlook-start',
    type: 'stoerung',
    summaries: [
      'Outlook startet nicht',
      'Outlook hängt bei „Profil wird geladen“',
      'Outlook stürzt beim Start ab',
    ],
    weight: 6,
    weightAfter: 6,
    workMedianMin: 110,
    workSigma: 1.1,
    waitChance: 0.25,
    flagChance: 0.01,
    labels: ['outlook', 'e-mail'],
    symptoms: [
      'Outlook startet seit dem letzten Windows-Update nicht mehr, es erscheint keine Fehlermeldung.',
      'Outlook bleibt beim Start bei „Profil wird geladen“ stehen.',
      'Beim Öffnen von Outlook kommt die Meldung, dass die Datendatei nicht geöffnet werden kann, danach schließt sich Outlook.',
    ],
    tried: ['Rechner neu gestartet', 'Outlook im abgesicherten Modus gestartet', 'Webmail funktioniert'],
    questions: [
      'Bitte senden Sie uns einen Screenshot der Fehlermeldung.',
      'Wann dürfen wir uns per Fernwartung auf Ihren Rechner schalten?',
    ],
    solutions: [
      'Outlook-Profil neu angelegt, Postfach wird wieder geladen.',
      'Fehlerhaftes Add-in deaktiviert, Outlook startet wieder.',
      'Office-Reparatur durchgeführt, Outlook startet normal.',
    ],
  },
  {
    id: 'outlook-anmeldung',
    type: 'stoerung',
    summaries: [
      'Outlook fragt ständig nach dem Passwort',
      'Anmeldefenster in Outlook erscheint immer wieder',
    ],
    weight: 4,
    weightAfter: 4,
    workMedianMin: 90,
    workSigma: 1.0,
    waitChance: 0.2,
    flagChance: 0.01,
    labels: ['outlook', 'anmeldung'],
    symptoms: [
      'Outlook fragt mehrmals täglich nach dem Kennwort, auch nach korrekter Eingabe.',
      'Nach der Passwortänderung erscheint in Outlook immer wieder das Anmeldefenster.',
    ],
    tried: ['Passwort neu eingegeben', 'Rechner neu gestartet'],
    questions: ['Tritt das Problem auch auf dem Smartphone auf? Bitte kurze Rückmeldung.'],
    solutions: [
      'Veraltete Anmeldeinformationen in der Windows-Anmeldeinformationsverwaltung gelöscht.',
      'Moderne Authentifizierung für das Profil aktiviert, keine weiteren Abfragen.',
    ],
  },
  {
    id: 'konto-gesperrt',
    type: 'stoerung',
    summaries: [
      'Konto nach zu vielen Fehleingaben gesperrt',
      'Benutzerkonto gesperrt',
      'Anmeldung nicht möglich: Konto gesperrt',
    ],
    summariesAfter: ['Konto gesperrt, Self-Service-Entsperrung nicht möglich', 'Benutzerkonto gesperrt'],
    weight: 4,
    weightAfter: 1.5,
    workMedianMin: 60,
    workMedianAfterMin: 25,
    workSigma: 1.0,
    waitChance: 0.35,
    waitChanceAfter: 0.1,
    flagChance: 0,
    labels: ['konto', 'anmeldung'],
    symptoms: [
      'Das Konto ist nach mehreren falschen Passworteingaben gesperrt.',
      'Anmeldung am Rechner nicht möglich, Meldung „Konto gesperrt“.',
    ],
    symptomsAfter: [
      'Die Self-Service-Entsperrung bricht mit einer Fehlermeldung ab.',
      'Das Konto ist nach mehreren falschen Passworteingaben gesperrt.',
    ],
    tried: ['Eine Stunde gewartet', 'Feststelltaste geprüft'],
    questions: ['Zur Identitätsprüfung rufen wir Sie zurück. Bitte nennen Sie uns eine Rückrufnummer.'],
    solutions: [
      'Konto entsperrt, Anmeldung funktioniert wieder.',
      'Konto entsperrt und Kennwort neu gesetzt.',
    ],
  },
  {
    id: 'vpn',
    type: 'stoerung',
    summaries: [
      'VPN-Verbindung bricht ab',
      'VPN verbindet sich nicht (Fehler 809)',
      'VPN im Homeoffice sehr langsam',
    ],
    weight: 6,
    weightAfter: 6,
    workMedianMin: 170,
    workSigma: 1.2,
    waitChance: 0.35,
    flagChance: 0.03,
    labels: ['vpn', 'homeoffice'],
    symptoms: [
      'Die VPN-Verbindung bricht im Homeoffice alle paar Minuten ab.',
      'Der VPN-Client meldet beim Verbinden den Fehler 809.',
      'Über VPN dauert das Öffnen von Dateien auf dem Netzlaufwerk mehrere Minuten.',
    ],
    tried: ['Router neu gestartet', 'Anderes WLAN ausprobiert', 'VPN-Client neu gestartet'],
    questions: [
      'Bitte führen Sie einen Speedtest durch und senden Sie uns das Ergebnis.',
      'Welchen Internetanbieter und welchen Router nutzen Sie zu Hause?',
    ],
    solutions: [
      'VPN-Client auf die aktuelle Version aktualisiert, Verbindung stabil.',
      'MTU-Wert angepasst, keine Abbrüche mehr.',
      'Ursache lag beim Internetanbieter, Störung dort behoben.',
    ],
  },
  {
    id: 'drucker',
    type: 'stoerung',
    summaries: [
      'Drucker im 2. OG druckt nicht',
      'Druckaufträge bleiben in der Warteschlange hängen',
      'Scanner sendet keine E-Mails mehr',
    ],
    weight: 6,
    weightAfter: 6,
    workMedianMin: 140,
    workSigma: 1.1,
    waitChance: 0.2,
    flagChance: 0.05,
    labels: ['drucker'],
    symptoms: [
      'Der Drucker zeigt „Papierstau“, obwohl kein Papier im Gerät steckt.',
      'Der Etagendrucker nimmt keine Aufträge mehr an, die Warteschlange läuft voll.',
      'Gescannte Dokumente kommen nicht mehr per E-Mail an.',
    ],
    tried: ['Drucker aus- und eingeschaltet', 'Anderen Drucker ausprobiert'],
    questions: ['Bitte senden Sie uns ein Foto der Anzeige am Drucker.'],
    solutions: [
      'Techniker des Herstellers hat die Fixiereinheit getauscht.',
      'Druckerwarteschlange auf dem Druckserver bereinigt, Drucker druckt wieder.',
      'SMTP-Einstellungen des Scanners nach Kennwortänderung angepasst.',
    ],
  },
  {
    id: 'netzlaufwerk',
    type: 'stoerung',
    summaries: [
      'Kein Zugriff auf Netzlaufwerk S:',
      'Netzlaufwerke werden nach der Anmeldung nicht verbunden',
    ],
    weight: 4,
    weightAfter: 4,
    workMedianMin: 80,
    workSigma: 1.0,
    waitChance: 0.15,
    flagChance: 0.01,
    labels: ['netzlaufwerk', 'dateiablage'],
    symptoms: [
      'Das Laufwerk S: ist mit einem roten Kreuz markiert und lässt sich nicht öffnen.',
      'Nach der Anmeldung fehlen alle Netzlaufwerke.',
    ],
    tried: ['Abgemeldet und neu angemeldet'],
    questions: ['Bitte teilen Sie uns den Namen Ihres Rechners mit (steht auf dem Aufkleber).'],
    solutions: [
      'Berechtigung auf der Freigabe wiederhergestellt.',
      'Anmeldeskript korrigiert, Laufwerke werden wieder verbunden.',
    ],
  },
  {
    id: 'teams',
    type: 'stoerung',
    summaries: [
      'Teams-Besprechung: kein Ton',
      'Teams meldet sich ständig ab',
      'Bildschirmfreigabe in Teams funktioniert nicht',
    ],
    weight: 5,
    weightAfter: 5,
    workMedianMin: 100,
    workSigma: 1.1,
    waitChance: 0.25,
    flagChance: 0.01,
    labels: ['teams'],
    symptoms: [
      'In Teams-Besprechungen sind die anderen Teilnehmenden nicht zu hören.',
      'Teams meldet sich mehrmals am Tag ab.',
      'Beim Teilen des Bildschirms sehen die anderen nur ein schwarzes Bild.',
    ],
    tried: ['Teams neu gestartet', 'Anderes Headset ausprobiert'],
    questions: ['Können wir morgen Vormittag eine Testbesprechung mit Ihnen machen?'],
    solutions: [
      'Audiogerät in Teams neu zugeordnet, Ton funktioniert wieder.',
      'Teams-Cache geleert und Anmeldung erneuert.',
      'Teams-Client neu installiert, Freigabe funktioniert.',
    ],
  },
  {
    id: 'laptop',
    type: 'stoerung',
    summaries: [
      'Laptop fährt nicht mehr hoch',
      'Notebook-Akku lädt nicht',
      'Tastatur am Laptop reagiert nicht',
    ],
    weight: 4,
    weightAfter: 4,
    workMedianMin: 700,
    workSigma: 1.0,
    waitChance: 0.3,
    flagChance: 0.2,
    labels: ['hardware', 'laptop'],
    symptoms: [
      'Der Laptop bleibt nach dem Einschalten beim Herstellerlogo stehen.',
      'Der Akku wird trotz Netzteil nicht geladen.',
      'Mehrere Tasten der Laptop-Tastatur reagieren nicht mehr.',
    ],
    tried: ['Netzteil getauscht', 'Lange auf den Einschaltknopf gedrückt'],
    questions: [
      'Bitte bringen Sie das Gerät zur Abholung an den Empfang, wir tauschen es gegen ein Leihgerät.',
    ],
    solutions: [
      'Leihgerät ausgegeben, Mainboard durch den Hersteller-Service getauscht.',
      'Akku durch den Hersteller-Service getauscht.',
      'Tastatur getauscht, Gerät zurück beim Kunden.',
    ],
  },
  {
    id: 'monitor',
    type: 'stoerung',
    summaries: ['Bildschirm flackert', 'Zweiter Monitor wird nicht erkannt'],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 200,
    workSigma: 1.0,
    waitChance: 0.2,
    flagChance: 0.05,
    labels: ['hardware', 'monitor'],
    symptoms: [
      'Der Bildschirm flackert, vor allem bei hellen Flächen.',
      'Der zweite Monitor an der Dockingstation bleibt schwarz.',
    ],
    tried: ['Kabel getauscht'],
    questions: ['Welches Modell hat die Dockingstation (Aufkleber auf der Unterseite)?'],
    solutions: [
      'Monitor gegen ein Gerät aus dem Lager getauscht.',
      'Treiber der Dockingstation aktualisiert.',
    ],
  },
  {
    id: 'mail-zustellung',
    type: 'stoerung',
    summaries: [
      'E-Mails kommen verspätet an',
      'Externe E-Mails werden nicht zugestellt',
      'E-Mail landet fälschlich im Spam',
    ],
    weight: 4,
    weightAfter: 4,
    workMedianMin: 160,
    workSigma: 1.1,
    waitChance: 0.25,
    flagChance: 0.08,
    labels: ['e-mail', 'zustellung'],
    symptoms: [
      'E-Mails von extern kommen mit bis zu zwei Stunden Verspätung an.',
      'Ein Kunde erhält unsere E-Mails nicht, es kommt keine Unzustellbarkeitsnachricht.',
      'Rechnungen eines Lieferanten landen regelmäßig im Spam-Ordner.',
    ],
    tried: ['Webmail geprüft, dort dasselbe Verhalten'],
    questions: ['Bitte leiten Sie uns eine betroffene E-Mail als Anlage weiter.'],
    solutions: [
      'An das E-Mail-Team übergeben, Ursache im Mail-Routing behoben.',
      'Empfängerdomain hatte unseren Server gesperrt, Sperre über den Anbieter aufheben lassen.',
      'Absender in die Liste vertrauenswürdiger Absender aufgenommen.',
    ],
  },
  {
    id: 'sap',
    type: 'stoerung',
    summaries: ['Anmeldung an SAP schlägt fehl', 'SAP GUI meldet Verbindungsfehler'],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 180,
    workSigma: 1.1,
    waitChance: 0.2,
    flagChance: 0.06,
    labels: ['sap', 'anmeldung'],
    symptoms: [
      'SAP meldet „Benutzer gesperrt“ nach dem Urlaub.',
      'Die SAP-Anmeldung bricht mit „Partner nicht erreichbar“ ab.',
    ],
    tried: ['SAP GUI neu gestartet'],
    questions: ['Bitte nennen Sie uns Ihren SAP-Benutzernamen und das Mandat.'],
    solutions: [
      'SAP-Benutzer durch die Basis entsperrt.',
      'Verbindungseintrag in der SAP-Logon-Konfiguration korrigiert.',
    ],
  },
  {
    id: 'office',
    type: 'stoerung',
    summaries: ['Excel-Datei lässt sich nicht öffnen', 'Word stürzt beim Speichern ab'],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 80,
    workSigma: 1.0,
    waitChance: 0.25,
    flagChance: 0,
    labels: ['office'],
    symptoms: [
      'Eine Excel-Datei auf dem Netzlaufwerk meldet „Datei beschädigt“.',
      'Word schließt sich beim Speichern ohne Meldung.',
    ],
    tried: ['Datei lokal kopiert und geöffnet'],
    questions: ['Bitte senden Sie uns den Pfad zur betroffenen Datei.'],
    solutions: [
      'Vorgängerversion der Datei aus der Sicherung wiederhergestellt.',
      'Office aktualisiert, Word speichert wieder.',
    ],
  },
  {
    id: 'wlan',
    type: 'stoerung',
    summaries: ['WLAN im Besprechungsraum instabil', 'Kein WLAN im Lager'],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 260,
    workSigma: 1.1,
    waitChance: 0.15,
    flagChance: 0.08,
    labels: ['wlan', 'netzwerk'],
    symptoms: [
      'Im großen Besprechungsraum bricht das WLAN ständig ab.',
      'Im Lager gibt es seit gestern kein WLAN.',
    ],
    tried: ['Gerät neu verbunden'],
    questions: ['Wann ist der Raum frei, damit wir eine Messung vor Ort machen können?'],
    solutions: ['Access Point neu gestartet und Firmware aktualisiert.', 'Defekten Access Point getauscht.'],
  },
  {
    id: 'telefonie',
    type: 'stoerung',
    summaries: ['Softphone klingelt nicht bei eingehenden Anrufen', 'Headset wird nicht erkannt'],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 120,
    workSigma: 1.0,
    waitChance: 0.2,
    flagChance: 0.02,
    labels: ['telefonie'],
    symptoms: [
      'Eingehende Anrufe werden nicht signalisiert, Anrufer landen direkt auf der Mailbox.',
      'Das USB-Headset wird vom Softphone nicht erkannt.',
    ],
    tried: ['Headset an anderen USB-Anschluss gesteckt'],
    questions: ['Bitte rufen Sie uns kurz an, damit wir einen Testanruf machen können.'],
    solutions: ['Anrufumleitung im Telefonieportal entfernt.', 'Headset-Firmware aktualisiert.'],
  },
  {
    id: 'mfa-push',
    type: 'stoerung',
    summaries: [
      'MFA: keine Push-Benachrichtigung auf dem Handy',
      'Anmeldung scheitert an der Zwei-Faktor-Bestätigung',
    ],
    weight: 2,
    weightAfter: 2,
    workMedianMin: 60,
    workSigma: 1.0,
    waitChance: 0.3,
    flagChance: 0,
    labels: ['mfa', 'anmeldung'],
    symptoms: [
      'Die Authenticator-App zeigt keine Anmeldeanfrage mehr an.',
      'Nach dem Handywechsel ist keine Anmeldung mehr möglich.',
    ],
    tried: ['App neu gestartet'],
    questions: ['Zur Identitätsprüfung rufen wir Sie zurück. Bitte nennen Sie uns eine Rückrufnummer.'],
    solutions: ['MFA-Methoden zurückgesetzt, das Gerät wurde neu registriert.'],
  },
  // --- Serviceanfragen --------------------------------------------------------------------------------------
  {
    id: 'passwort',
    type: 'serviceanfrage',
    summaries: [
      'Passwort zurücksetzen',
      'Passwort abgelaufen – bitte zurücksetzen',
      'Passwort vergessen',
      'Kennwort zurücksetzen für Außendienst-Mitarbeiter',
    ],
    summariesAfter: [
      'Self-Service-Passwortrücksetzung funktioniert nicht',
      'Passwort zurücksetzen (Self-Service nicht registriert)',
    ],
    weight: 18,
    weightAfter: 3,
    workMedianMin: 150,
    workMedianAfterMin: 30,
    workSigma: 1.0,
    waitChance: 0.55,
    waitChanceAfter: 0.15,
    flagChance: 0,
    labels: ['passwort'],
    symptoms: [
      'Passwort vergessen, eine Anmeldung ist nicht möglich.',
      'Das Passwort ist abgelaufen, die Änderung am Rechner schlägt fehl.',
      'Passwort nach dem Urlaub vergessen.',
      'Im Außendienst unterwegs, ein neues Kennwort wird dringend benötigt.',
    ],
    symptomsAfter: [
      'Die Self-Service-Passwortrücksetzung meldet „Keine Authentifizierungsmethode registriert“.',
      'Für die Self-Service-Passwortrücksetzung fehlt die Registrierung, der Bestätigungscode kommt nicht an.',
    ],
    tried: ['Alte Passwörter ausprobiert'],
    questions: ['Zur Identitätsprüfung rufen wir Sie zurück. Bitte nennen Sie uns eine Rückrufnummer.'],
    solutions: [
      'Passwort zurückgesetzt, Initialpasswort telefonisch mitgeteilt.',
      'Kennwort zurückgesetzt, Änderung bei der nächsten Anmeldung erzwungen.',
    ],
  },
  {
    id: 'onboarding',
    type: 'serviceanfrage',
    summaries: [
      'Neuer Mitarbeiter: Zugang einrichten',
      'Neue Mitarbeiterin: Zugang und Laptop bereitstellen',
      'Onboarding: Konten für Praktikantin anlegen',
    ],
    weight: 6,
    weightAfter: 6,
    workMedianMin: 1100,
    workSigma: 0.8,
    waitChance: 0.35,
    flagChance: 0.05,
    labels: ['onboarding'],
    symptoms: [
      'Zum Ersten des Monats beginnt ein neuer Mitarbeiter im Vertrieb. Benötigt werden Konto, Postfach und Laptop.',
      'Neue Kollegin in der Buchhaltung ab nächstem Montag, Laptop und Rechte wie ihre Vorgängerin.',
      'Eine Praktikantin beginnt in drei Wochen, sie braucht Konto und Postfach für sechs Monate.',
    ],
    tried: [],
    questions: [
      'Bitte senden Sie uns das ausgefüllte Onboarding-Formular mit Kostenstelle und Vorgesetzter.',
    ],
    solutions: ['Konto, Postfach und Laptop eingerichtet, Zugangsdaten an die Vorgesetzte übergeben.'],
  },
  {
    id: 'offboarding',
    type: 'serviceanfrage',
    summaries: [
      'Mitarbeiter ausgeschieden: Konten sperren',
      'Austritt: Postfach in freigegebenes Postfach umwandeln',
    ],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 280,
    workSigma: 0.9,
    waitChance: 0.25,
    flagChance: 0.01,
    labels: ['offboarding'],
    symptoms: [
      'Ein Mitarbeiter ist zum Monatsende ausgeschieden, alle seine Zugänge sollen gesperrt werden.',
      'Das Postfach einer ehemaligen Kollegin soll für das Team erreichbar bleiben.',
    ],
    tried: [],
    questions: ['Wer soll Zugriff auf das Postfach und die Dateien erhalten?'],
    solutions: ['Konten gesperrt, Postfach umgewandelt und dem Team freigegeben.'],
  },
  {
    id: 'software',
    type: 'serviceanfrage',
    summaries: [
      'Software-Installation: Adobe Acrobat Reader',
      'Bitte 7-Zip installieren',
      'Installation von Microsoft Visio beantragt',
      'Update für DATEV einspielen',
    ],
    weight: 6,
    weightAfter: 6,
    workMedianMin: 230,
    workSigma: 1.0,
    waitChance: 0.3,
    flagChance: 0.02,
    labels: ['software'],
    symptoms: [
      'Für die Arbeit wird zusätzliche Software benötigt.',
      'Das Programm soll auf zwei Rechnern in der Lohnbuchhaltung installiert werden.',
    ],
    tried: [],
    questions: [
      'Die Lizenz muss durch Ihre Vorgesetzte freigegeben werden. Bitte lassen Sie uns die Freigabe zukommen.',
    ],
    solutions: [
      'Software über die Softwareverteilung installiert.',
      'Lizenz zugewiesen und Installation durchgeführt.',
    ],
  },
  {
    id: 'berechtigung',
    type: 'serviceanfrage',
    summaries: [
      'Zugriff auf Freigabe „Buchhaltung“ beantragen',
      'Berechtigung für Projektordner erweitern',
      'Leserechte auf SharePoint-Seite „Vertrieb“',
    ],
    weight: 5,
    weightAfter: 5,
    workMedianMin: 260,
    workSigma: 1.0,
    waitChance: 0.4,
    flagChance: 0.01,
    labels: ['berechtigung'],
    symptoms: [
      'Die Kollegin soll die Ablage der Buchhaltung lesen dürfen.',
      'Für ein neues Projekt wird Schreibzugriff auf den Projektordner benötigt.',
      'Der neue Außendienstmitarbeiter braucht Leserechte auf der SharePoint-Seite des Vertriebs.',
    ],
    tried: [],
    questions: [
      'Bitte lassen Sie die Berechtigung durch die Verantwortliche der Freigabe per E-Mail bestätigen.',
    ],
    solutions: ['Benutzer der Berechtigungsgruppe hinzugefügt, Zugriff nach Neuanmeldung aktiv.'],
  },
  {
    id: 'postfach',
    type: 'serviceanfrage',
    summaries: [
      'Postfachberechtigung für Vertretung einrichten',
      'Abwesenheitsnotiz für ausgeschiedene Kollegin einrichten',
      'Verteilerliste „Einkauf“ anlegen',
    ],
    weight: 4,
    weightAfter: 4,
    workMedianMin: 170,
    workSigma: 1.0,
    waitChance: 0.2,
    flagChance: 0.01,
    labels: ['e-mail', 'postfach'],
    symptoms: [
      'Während des Urlaubs soll die Vertretung Zugriff auf das Postfach erhalten.',
      'Für das Postfach der ausgeschiedenen Kollegin soll eine Abwesenheitsnotiz mit neuem Ansprechpartner eingerichtet werden.',
      'Für den Einkauf wird eine Verteilerliste mit fünf Empfängern benötigt.',
    ],
    tried: [],
    questions: [
      'Bis wann soll die Vertretung gelten?',
      'Wer soll in der Abwesenheitsnotiz als Ansprechpartner genannt werden?',
      'Wer soll Mitglied der Verteilerliste werden?',
    ],
    solutions: [
      'Vollzugriff eingerichtet, Postfach erscheint automatisch in Outlook.',
      'Abwesenheitsnotiz eingerichtet, neuer Ansprechpartner ist genannt.',
      'Verteilerliste angelegt und Mitglieder eingetragen.',
    ],
  },
  {
    id: 'hardware-bestellung',
    type: 'serviceanfrage',
    summaries: [
      'Neues Headset bestellen',
      'Zweiten Monitor bestellen',
      'Ersatz-Netzteil für Laptop bestellen',
    ],
    weight: 3,
    weightAfter: 3,
    workMedianMin: 1800,
    workSigma: 0.8,
    waitChance: 0.15,
    flagChance: 0.2,
    labels: ['bestellung', 'hardware'],
    symptoms: [
      'Das alte Headset ist defekt, bitte ein neues Modell bestellen.',
      'Für den Arbeitsplatz wird ein zweiter Monitor benötigt.',
      'Das Netzteil des Laptops ist defekt, ein Ersatz wird benötigt.',
    ],
    tried: [],
    questions: ['Bitte bestätigen Sie die Kostenstelle für die Bestellung.'],
    solutions: ['Gerät geliefert und am Arbeitsplatz angeschlossen.'],
  },
  {
    id: 'umzug',
    type: 'serviceanfrage',
    summaries: ['Arbeitsplatzumzug: PC und Telefon umziehen', 'Umzug der Abteilung Personal ins 3. OG'],
    weight: 2,
    weightAfter: 2,
    workMedianMin: 1300,
    workSigma: 0.8,
    waitChance: 0.2,
    flagChance: 0.05,
    labels: ['umzug'],
    symptoms: ['Drei Arbeitsplätze ziehen am Freitag in neue Räume um.'],
    tried: [],
    questions: ['Bitte senden Sie uns den Raumplan mit den neuen Platznummern.'],
    solutions: ['Arbeitsplätze umgezogen, Netzwerkdosen gepatcht, Telefone getestet.'],
  },
  {
    id: 'gast-wlan',
    type: 'serviceanfrage',
    summaries: ['Gastzugang WLAN für Besucher', 'WLAN-Zugang für Schulungsteilnehmer'],
    weight: 2,
    weightAfter: 2,
    workMedianMin: 50,
    workSigma: 0.9,
    waitChance: 0.1,
    flagChance: 0,
    labels: ['wlan', 'gast'],
    symptoms: ['Für einen Workshop am Donnerstag werden zehn Gastzugänge benötigt.'],
    tried: [],
    questions: ['Für welchen Zeitraum sollen die Zugänge gelten?'],
    solutions: ['Gastzugänge erstellt und per E-Mail an die Organisatorin geschickt.'],
  },
  {
    id: 'mfa-registrierung',
    type: 'serviceanfrage',
    summaries: [
      'MFA-Gerät neu registrieren (neues Diensthandy)',
      'Zweiten Faktor für Außendienst einrichten',
    ],
    weight: 2,
    weightAfter: 3,
    workMedianMin: 60,
    workSigma: 0.9,
    waitChance: 0.3,
    flagChance: 0,
    labels: ['mfa'],
    symptoms: ['Neues Diensthandy erhalten, die Authenticator-App muss neu eingerichtet werden.'],
    tried: [],
    questions: ['Zur Identitätsprüfung rufen wir Sie zurück. Bitte nennen Sie uns eine Rückrufnummer.'],
    solutions: ['Alte MFA-Methode entfernt, neue Registrierung gemeinsam am Telefon durchgeführt.'],
  },
];

/** Fictional customer organisations of the IT service provider. */
export const CUSTOMERS: readonly string[] = [
  'Stadtwerke Lindenau',
  'Praxis Dr. Morgenroth',
  'Hansen Bäckereien GmbH',
  'Kanzlei Petersen & Partner',
  'Möbelhaus Jürgensen',
  'Amt Nordheide',
  'Förde-Logistik GmbH',
  'Steuerbüro Lüders',
  'Kieler Sprotten-Manufaktur',
  'Nordlicht IT-Services (intern)',
];

export const CONTACTS: readonly string[] = [
  'Frau Schulz',
  'Herr Öztürk',
  'Frau Lübke',
  'Herr Jansen',
  'Frau Kowalski',
  'Herr Möller',
  'Frau Thomsen',
  'Herr Brandt',
  'Frau Petersen',
  'Herr Nguyen',
  'Frau Sörensen',
  'Herr Weiß',
];

export const CHANNELS: readonly string[] = ['Anruf', 'E-Mail', 'Serviceportal'];

export const PRIORITIES: readonly (readonly [string, number])[] = [
  ['Höchste', 0.02],
  ['Hoch', 0.15],
  ['Mittel', 0.65],
  ['Niedrig', 0.15],
  ['Niedrigste', 0.03],
];

/** How much faster (< 1) or slower (> 1) a priority is picked up and worked on. */
export const PRIORITY_SPEED: Readonly<Record<string, number>> = {
  Höchste: 0.25,
  Hoch: 0.6,
  Mittel: 1,
  Niedrig: 1.4,
  Niedrigste: 1.8,
};

export const FLAG_REASONS: readonly string[] = [
  'Warten auf Ersatzteil vom Hersteller.',
  'Ticket beim Lieferanten eröffnet, warten auf Rückmeldung.',
  'Lieferverzug beim Distributor, neuer Liefertermin offen.',
  'Warten auf Freigabe durch die Geschäftsführung des Kunden.',
];

/** Comment when the customer (e.g. "Frau Schulz") reports that the problem is back. */
export const REOPEN_NOTES: readonly ((contact: string) => string)[] = [
  (contact) => `${contact} meldet: Das Problem tritt wieder auf.`,
  (contact) => `${contact} meldet sich erneut, die Lösung hat nicht dauerhaft geholfen.`,
  (contact) => `Rückmeldung von ${contact}: Es funktioniert nur teilweise.`,
];

/** Comment when the customer has answered the agent's question. */
export const CUSTOMER_REPLIES: readonly ((contact: string) => string)[] = [
  (contact) => `${contact} hat die gewünschten Informationen geschickt.`,
  (contact) => `Rückruf bei ${contact} erfolgt, Angaben liegen vor.`,
  (contact) => `${contact} hat sich gemeldet, weiter geht’s.`,
];
