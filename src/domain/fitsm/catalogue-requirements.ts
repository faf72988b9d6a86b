/**
 * Every requirement of FitSM-1 V3.0.1 with its FitSM id and a short summary in our own words, German and English
 * (FitSM – ITEMO e.V., CC BY 4.0: show `FITSM_ATTRIBUTION` of `catalogue.ts` with them). Id list and order as in
 * `GenomicDataInfrastructure/fitsm-process-map`, `content/fitsm-3.0/requirements.json` (see `catalogue.ts`).
 */
import { fitsmGroupIdOf, type FitsmRequirement, type FitsmRequirementId } from './catalogue';

function requirement(id: FitsmRequirementId, de: string, en: string): FitsmRequirement {
  const groupId = fitsmGroupIdOf(id);
  // A typo in the table below must fail at load, not show a requirement without a process.
  if (groupId === undefined) throw new Error(`FitSM requirement ${id} names no known group.`);
  return { id, groupId, summary: { de, en } };
}

/** The requirements in catalogue order (GR1.1 … GR7.2, PR1.1 … PR14.3). */
export const FITSM_REQUIREMENTS: readonly FitsmRequirement[] = [
  requirement(
    'GR1.1',
    'Ein Mitglied der Leitung ist als SMS-Eigentümer für das ganze Managementsystem verantwortlich.',
    'A top manager owns the service management system and answers for it as a whole.',
  ),
  requirement(
    'GR1.2',
    'Eine freigegebene und bekannt gemachte Service-Management-Politik nennt Ziele und verpflichtet zu Verbesserung, Service- und Prozessorientierung.',
    'An approved, communicated service management policy states goals and commits to improvement and a service and process focus.',
  ),
  requirement(
    'GR1.3',
    'Der SMS-Eigentümer bewertet das Managementsystem in geplanten Abständen.',
    'The SMS owner reviews the management system at planned intervals.',
  ),
  requirement(
    'GR2.1',
    'Die Kernelemente des SMS (Anwendungsbereich, Politik, Pläne) sind dokumentiert.',
    'The core elements of the SMS (scope, policy, plans) are written down.',
  ),
  requirement(
    'GR2.2',
    'Jeder Prozess ist beschrieben: Ziele, Eingaben, Aktivitäten, Ergebnisse, Rollen, Schnittstellen, nötige Richtlinien und Verfahren.',
    'Every process has a description: goals, inputs, activities, outputs, roles, interfaces and any policies and procedures it needs.',
  ),
  requirement(
    'GR2.3',
    'Die wichtigsten Ergebnisse der Prozesse und die Durchführung ihrer Kernaktivitäten werden festgehalten.',
    'The main outputs of the processes and the execution of their key activities are recorded.',
  ),
  requirement(
    'GR2.4',
    'Dokumente werden gelenkt: erstellt und freigegeben, verteilt, überprüft und versioniert.',
    'Documents are controlled: created and approved, distributed, reviewed and versioned.',
  ),
  requirement(
    'GR3.1',
    'Interessengruppen und ihre Erwartungen sind ermittelt, rechtliche und vertragliche Vorgaben berücksichtigt.',
    'Stakeholders and their expectations are known, with legal and contractual obligations taken into account.',
  ),
  requirement(
    'GR3.2',
    'Der Anwendungsbereich des SMS ist festgelegt und stützt sich auf die Analyse der Interessengruppen.',
    'The scope of the SMS is set, based on what the stakeholder analysis found.',
  ),
  requirement(
    'GR4.1',
    'Ein gepflegter Service-Management-Plan nennt Ziele und Zeitplan, Rollen, Schulung und Werkzeuge.',
    'A maintained service management plan sets out goals and timing, roles, training and tools.',
  ),
  requirement(
    'GR4.2',
    'Pläne einzelner Prozesse passen zum übergreifenden Service-Management-Plan.',
    'Plans of single processes fit the overall service management plan.',
  ),
  requirement(
    'GR5.1',
    'Der Service-Management-Plan wird umgesetzt.',
    'The service management plan is put into practice.',
  ),
  requirement(
    'GR5.2',
    'Die festgelegten Prozesse, Richtlinien und Verfahren werden im Alltag befolgt und ihre Einhaltung durchgesetzt.',
    'The defined processes, policies and procedures are followed day to day, and adherence is enforced.',
  ),
  requirement(
    'GR6.1',
    'Die Wirksamkeit des SMS und seiner Prozesse wird mit passenden Kennzahlen gegen Ziele gemessen.',
    'How well the SMS and its processes work is measured with suitable indicators against goals.',
  ),
  requirement(
    'GR6.2',
    'Assessments oder Audits prüfen in geplanten Abständen Reifegrad und Konformität des SMS.',
    'Assessments or audits check the maturity and conformity of the SMS at planned intervals.',
  ),
  requirement(
    'GR7.1',
    'Abweichungen von Vorgaben und Zielen werden erkannt und ihre Wiederkehr verhindert.',
    'Nonconformities and missed goals are spotted and acted on so they do not recur.',
  ),
  requirement(
    'GR7.2',
    'Politik, Plan und Prozesse werden laufend verbessert, gesteuert über den CSI-Prozess (PR14).',
    'Policy, plan and processes keep improving, steered through the CSI process (PR14).',
  ),
  requirement(
    'PR1.1',
    'Es gibt ein gepflegtes Service-Portfolio, in dem jeder Service beschrieben ist.',
    'A maintained service portfolio describes every service.',
  ),
  requirement(
    'PR1.2',
    'Vorschläge für neue oder geänderte Services werden nach Bedarf, Aufwand und Nutzen bewertet.',
    'Ideas for new or changed services are weighed by demand, resources and benefit.',
  ),
  requirement(
    'PR1.3',
    'Services werden über ihren Lebenszyklus gesteuert; neue und große Änderungen werden mit Zeitrahmen, Verantwortung und Abnahmekriterien geplant.',
    'Services are steered through their lifecycle; new services and big changes are planned with timing, owners and acceptance criteria.',
  ),
  requirement(
    'PR1.4',
    'Für jeden Service sind beteiligte interne und externe Lieferanten mit Ansprechpartnern und Rollen bekannt.',
    'For each service, the internal and external suppliers involved are known, with contacts and roles.',
  ),
  requirement('PR2.1', 'Es gibt einen gepflegten Servicekatalog.', 'A service catalogue is kept up to date.'),
  requirement(
    'PR2.2',
    'Für alle Services an Kunden gibt es SLAs, die regelmäßig überprüft werden.',
    'Every service for customers has an SLA that is reviewed regularly.',
  ),
  requirement(
    'PR2.3',
    'Die erbrachte Leistung wird an den Zielen der SLAs gemessen.',
    'Service performance is checked against the SLA targets.',
  ),
  requirement(
    'PR2.4',
    'Für unterstützende Services und Komponenten gibt es bei Bedarf OLAs und UAs, die regelmäßig überprüft werden.',
    'Supporting services and components have OLAs and UAs where needed, reviewed regularly.',
  ),
  requirement(
    'PR2.5',
    'Die Leistung unterstützender Services wird an den Zielen der OLAs und UAs gemessen.',
    'Performance of supporting services is checked against the OLA and UA targets.',
  ),
  requirement(
    'PR3.1',
    'Benötigte Berichte sind bestimmt; sie decken Leistung gegen Ziele, wichtige Ereignisse und Abweichungen ab.',
    'The reports needed are identified; they cover performance against targets, notable events and nonconformities.',
  ),
  requirement(
    'PR3.2',
    'Jeder Bericht ist mit seinen Empfängern abgestimmt und nach Zweck, Inhalt, Form, Häufigkeit und Weg beschrieben.',
    'Each report is agreed with its readers and specified by purpose, content, format, frequency and delivery.',
  ),
  requirement(
    'PR3.3',
    'Berichte werden wie beschrieben erstellt und zugestellt.',
    'Reports are produced and delivered as specified.',
  ),
  requirement(
    'PR4.1',
    'Anforderungen an Verfügbarkeit und Kontinuität sind ermittelt, an den SLAs ausgerichtet und regelmäßig überprüft.',
    'Availability and continuity needs are known, aligned with the SLAs and reviewed regularly.',
  ),
  requirement(
    'PR4.2',
    'Risiken für Verfügbarkeit und Kontinuität werden regelmäßig bewertet.',
    'Risks to availability and continuity are assessed regularly.',
  ),
  requirement(
    'PR4.3',
    'Maßnahmen senken Wahrscheinlichkeit und Folgen dieser Risiken und erfüllen die Anforderungen.',
    'Measures reduce the likelihood and impact of those risks and meet the needs.',
  ),
  requirement(
    'PR4.4',
    'Die Verfügbarkeit von Services und Komponenten wird überwacht.',
    'Availability of services and components is monitored.',
  ),
  requirement(
    'PR5.1',
    'Anforderungen an Kapazität und Leistung sind mit Blick auf SLAs und erwarteten Bedarf ermittelt und regelmäßig überprüft.',
    'Capacity and performance needs are known, with SLAs and expected demand in mind, and reviewed regularly.',
  ),
  requirement(
    'PR5.2',
    'Vorhandene Kapazität und ihre Auslastung sind bekannt.',
    'Current capacity and its use are known.',
  ),
  requirement(
    'PR5.3',
    'Künftige Kapazität wird mit Personal, Technik und Budget geplant.',
    'Future capacity is planned with people, technology and budget in mind.',
  ),
  requirement(
    'PR5.4',
    'Die Leistung wird über die Auslastung, Warnungen und Ausnahmen beobachtet und analysiert.',
    'Performance is analysed by watching utilisation, warnings and exceptions.',
  ),
  requirement(
    'PR6.1',
    'Sicherheitsanforderungen sind ermittelt, Sicherheitsrichtlinien festgelegt und regelmäßig überprüft.',
    'Security needs are known and security policies set and reviewed regularly.',
  ),
  requirement(
    'PR6.2',
    'Informationssicherheitsrisiken werden regelmäßig bewertet.',
    'Information security risks are assessed regularly.',
  ),
  requirement(
    'PR6.3',
    'Physische, technische und organisatorische Schutzmaßnahmen senken die Risiken und erfüllen die Anforderungen.',
    'Physical, technical and organisational controls reduce the risks and meet the needs.',
  ),
  requirement(
    'PR6.4',
    'Sicherheitsereignisse und -vorfälle werden einheitlich behandelt.',
    'Security events and incidents are handled in one consistent way.',
  ),
  requirement(
    'PR6.5',
    'Zugriffe und Berechtigungen werden einheitlich vergeben und gesteuert.',
    'Access and the granting of access rights are handled in one consistent way.',
  ),
  requirement('PR7.1', 'Die Kunden der Services sind bekannt.', 'The customers of the services are known.'),
  requirement(
    'PR7.2',
    'Jeder Kunde hat einen festen Ansprechpartner für die Beziehung.',
    'Every customer has a named contact who looks after the relationship.',
  ),
  requirement(
    'PR7.3',
    'Kommunikationswege mit jedem Kunden stehen fest, auch für Bestellung, Eskalation und Beschwerde.',
    'Communication channels with each customer are set, including ordering, escalation and complaints.',
  ),
  requirement(
    'PR7.4',
    'Service-Reviews mit Kunden finden in geplanten Abständen statt.',
    'Service reviews with customers take place at planned intervals.',
  ),
  requirement(
    'PR7.5',
    'Beschwerden von Kunden werden einheitlich behandelt.',
    'Customer complaints are handled in one consistent way.',
  ),
  requirement('PR7.6', 'Die Kundenzufriedenheit wird gesteuert.', 'Customer satisfaction is managed.'),
  requirement(
    'PR8.1',
    'Interne und externe Lieferanten sind bekannt.',
    'Internal and external suppliers are known.',
  ),
  requirement(
    'PR8.2',
    'Jeder Lieferant hat einen festen Ansprechpartner für die Beziehung.',
    'Every supplier has a named contact who looks after the relationship.',
  ),
  requirement(
    'PR8.3',
    'Kommunikationswege mit jedem Lieferanten stehen fest, auch für Eskalationen.',
    'Communication channels with each supplier are set, including escalation.',
  ),
  requirement(
    'PR8.4',
    'Lieferanten werden regelmäßig bewertet.',
    'Suppliers are evaluated at planned intervals.',
  ),
  requirement(
    'PR9.1',
    'Alle Incidents und Service Requests werden einheitlich erfasst, eingeordnet und nach SLA-Zielen priorisiert.',
    'Every incident and service request is logged, classified and prioritised the same way, with the SLA targets in mind.',
  ),
  requirement(
    'PR9.2',
    'Incidents werden gelöst und Requests erfüllt, mit Blick auf SLAs und bekannte Fehler.',
    'Incidents are resolved and requests fulfilled, using SLA and known-error information.',
  ),
  requirement(
    'PR9.3',
    'Fachliche und hierarchische Eskalation laufen einheitlich.',
    'Functional and hierarchical escalation follow one consistent approach.',
  ),
  requirement(
    'PR9.4',
    'Kunden und Anwender erfahren angemessen, wie es mit ihrem Anliegen steht.',
    'Customers and users hear how their incident or request is progressing, as fits.',
  ),
  requirement(
    'PR9.5',
    'Incidents und Requests werden einheitlich abgeschlossen.',
    'Incidents and requests are closed in one consistent way.',
  ),
  requirement(
    'PR9.6',
    'Schwere Incidents werden nach festen Kriterien erkannt und einheitlich behandelt.',
    'Major incidents are recognised by set criteria and handled the same way.',
  ),
  requirement(
    'PR10.1',
    'Probleme werden aus Mustern und Trends der Incidents einheitlich erkannt und erfasst.',
    'Problems are found from incident patterns and trends and logged the same way.',
  ),
  requirement(
    'PR10.2',
    'Probleme werden untersucht, um sie zu lösen oder ihre Folgen zu mindern.',
    'Problems are investigated to fix them or to lessen their effect on services.',
  ),
  requirement(
    'PR10.3',
    'Ist ein Problem nicht dauerhaft gelöst, wird ein bekannter Fehler mit Umgehung oder Übergangslösung erfasst.',
    'A problem not yet fixed for good is logged as a known error with a workaround or temporary fix.',
  ),
  requirement(
    'PR10.4',
    'Angaben zu bekannten Fehlern und Umgehungen werden aktuell gehalten.',
    'Known errors and workarounds are kept up to date.',
  ),
  requirement(
    'PR11.1',
    'Umfang des Konfigurationsmanagements, Arten von CIs und ihre Beziehungen sind festgelegt.',
    'The scope of configuration management, the kinds of CIs and their relationships are defined.',
  ),
  requirement(
    'PR11.2',
    'Konfigurationsdaten sind so detailliert, dass sich die CIs wirksam steuern lassen.',
    'Configuration data is detailed enough to keep the CIs under control.',
  ),
  requirement(
    'PR11.3',
    'CIs und ihre Beziehungen werden in einer CMDB gepflegt.',
    'CIs and their relationships are kept in a CMDB.',
  ),
  requirement(
    'PR11.4',
    'CIs werden gesteuert, Änderungen an ihnen in der CMDB nachverfolgt.',
    'CIs are controlled and their changes tracked in the CMDB.',
  ),
  requirement(
    'PR11.5',
    'Die Daten der CMDB werden in geplanten Abständen geprüft.',
    'The CMDB content is verified at planned intervals.',
  ),
  requirement(
    'PR12.1',
    'Alle Changes werden einheitlich erfasst und nach festen Kriterien eingeordnet, auch Notfall- und große Changes.',
    'Every change is logged and classified by set criteria, emergency and major changes included.',
  ),
  requirement(
    'PR12.2',
    'Für jede Art von Change sind die Bearbeitungsschritte festgelegt.',
    'Each kind of change has defined handling steps.',
  ),
  requirement(
    'PR12.3',
    'Changes werden einheitlich nach Nutzen, Risiko, Auswirkung, Aufwand und Machbarkeit bewertet.',
    'Changes are assessed the same way for benefit, risk, impact, effort and feasibility.',
  ),
  requirement(
    'PR12.4',
    'Changes werden einheitlich genehmigt; die nötige Genehmigungsstufe folgt aus festen Kriterien.',
    'Changes are approved the same way, the level of approval following set criteria.',
  ),
  requirement(
    'PR12.5',
    'Changes werden bei Bedarf nachbetrachtet und einheitlich abgeschlossen.',
    'Changes get a post-implementation review where needed and are closed the same way.',
  ),
  requirement(
    'PR12.6',
    'Ein gepflegter Change-Zeitplan mit genehmigten Changes und Terminen wird den Betroffenen mitgeteilt.',
    'A maintained schedule of approved changes and their dates is shared with those concerned.',
  ),
  requirement(
    'PR13.1',
    'Release- und Deployment-Strategien sind festgelegt, passend zu Häufigkeit, Auswirkung und Technik.',
    'Release and deployment strategies are defined, fitting frequency, impact and the technology used.',
  ),
  requirement(
    'PR13.2',
    'Kriterien, welche genehmigten Changes in ein Release kommen, sind festgelegt.',
    'Criteria decide which approved changes go into a release.',
  ),
  requirement(
    'PR13.3',
    'Deployments werden geplant, bei Bedarf mit Abnahmekriterien.',
    'Deployments are planned, with acceptance criteria where needed.',
  ),
  requirement(
    'PR13.4',
    'Releases werden gebaut, angemessen getestet und vor dem Deployment gegen Abnahmekriterien geprüft.',
    'Releases are built, tested as fits their risk and checked against acceptance criteria before deployment.',
  ),
  requirement(
    'PR13.5',
    'Die Vorbereitung sieht vor, was bei einem gescheiterten Deployment zu tun ist.',
    'Preparation covers what to do if a deployment fails.',
  ),
  requirement(
    'PR13.6',
    'Deployments werden auf Erfolg oder Misserfolg ausgewertet.',
    'Deployments are evaluated for success or failure.',
  ),
  requirement(
    'PR14.1',
    'Verbesserungsmöglichkeiten werden aus Berichten, Messungen, Assessments und Audits ermittelt und erfasst.',
    'Improvement opportunities are found in reports, measurements, assessments and audits, and registered.',
  ),
  requirement(
    'PR14.2',
    'Verbesserungsmöglichkeiten werden bewertet, um über Maßnahmen zu entscheiden.',
    'Improvement opportunities are evaluated to decide what to do.',
  ),
  requirement(
    'PR14.3',
    'Die Umsetzung der Verbesserungsmaßnahmen wird einheitlich gesteuert.',
    'Carrying out improvement actions is steered in one consistent way.',
  ),
];
