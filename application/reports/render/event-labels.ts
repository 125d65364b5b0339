import type { ReportLocale } from '../../../events/reports/report-events.ts';

type Words = readonly [it: string, en: string, pl: string, hu: string];

/**
 * What each event of the log is called in a report, in it / en / pl / hu. Every event type of the
 * catalogue has its words (test/unit/reports/event-labels.test.ts fails when a context adds one
 * without them): a history never prints a raw `TicketReopened` to a client.
 */
const words: Readonly<Record<string, Words>> = {
  // support
  TicketOpened: ['Ticket aperto', 'Ticket opened', 'Zgłoszenie otwarte', 'Hibajegy megnyitva'],
  TicketTaken: ['Ticket preso in carico', 'Ticket taken', 'Zgłoszenie przyjęte', 'Hibajegy átvéve'],
  TicketCommented: ['Commento al ticket', 'Ticket commented', 'Komentarz do zgłoszenia', 'Megjegyzés a hibajegyhez'],
  TicketAssigned: ['Ticket assegnato', 'Ticket assigned', 'Zgłoszenie przypisane', 'Hibajegy kiosztva'],
  TicketStatusChanged: ['Stato del ticket cambiato', 'Ticket status changed', 'Zmiana statusu zgłoszenia', 'Hibajegy állapota módosult'],
  TicketClosed: ['Ticket chiuso', 'Ticket closed', 'Zgłoszenie zamknięte', 'Hibajegy lezárva'],
  TicketReopened: ['Ticket riaperto', 'Ticket reopened', 'Zgłoszenie ponownie otwarte', 'Hibajegy újranyitva'],
  // customer requests
  RequestRegistered: ['Richiesta registrata', 'Request registered', 'Zapytanie zarejestrowane', 'Ügyféligény rögzítve'],
  RequestEdited: ['Richiesta modificata', 'Request edited', 'Zapytanie zmienione', 'Ügyféligény módosítva'],
  RequestResponsibleAssigned: ['Responsabile della richiesta assegnato', 'Request responsible assigned', 'Przypisano odpowiedzialnego za zapytanie', 'Ügyféligény felelőse kijelölve'],
  RequestStatusChanged: ['Stato della richiesta cambiato', 'Request status changed', 'Zmiana statusu zapytania', 'Ügyféligény állapota módosult'],
  RequestReordered: ['Richiesta riordinata', 'Request reordered', 'Zmiana kolejności zapytania', 'Ügyféligény átsorolva'],
  RequestDocumentGenerated: ['Documento generato dalla richiesta', 'Document generated from the request', 'Dokument wygenerowany z zapytania', 'Dokumentum készült az ügyféligényből'],
  RequestClosed: ['Richiesta chiusa', 'Request closed', 'Zapytanie zamknięte', 'Ügyféligény lezárva'],
  RequestReopened: ['Richiesta riaperta', 'Request reopened', 'Zapytanie ponownie otwarte', 'Ügyféligény újranyitva'],
  // directory
  CompanyRemoved: ['Azienda eliminata', 'Company removed', 'Firma usunięta', 'Cég törölve'],
  CompanyRegistered: ['Azienda registrata', 'Company registered', 'Firma zarejestrowana', 'Cég rögzítve'],
  CompanyProfileChanged: ['Anagrafica azienda modificata', 'Company profile changed', 'Zmiana danych firmy', 'Cégadatok módosultak'],
  CompanyResponsibleChanged: ['Responsabile dell’azienda cambiato', 'Company responsible changed', 'Zmiana opiekuna firmy', 'Cég felelőse módosult'],
  CompanyAccountManagersChanged: ['Account manager dell’azienda cambiati', 'Company account managers changed', 'Zmiana opiekunów klienta firmy', 'Cég ügyfélmenedzserei módosultak'],
  CompanyStatusChanged: ['Stato dell’azienda cambiato', 'Company status changed', 'Zmiana statusu firmy', 'Cég állapota módosult'],
  CompanyCustomFieldsChanged: ['Campi personalizzati dell’azienda modificati', 'Company custom fields changed', 'Zmiana pól własnych firmy', 'Cég egyedi mezői módosultak'],
  CompanyNoteAdded: ['Nota aggiunta all’azienda', 'Note added to the company', 'Dodano notatkę do firmy', 'Jegyzet a céghez'],
  ContactRemoved: ['Contatto eliminato', 'Contact removed', 'Kontakt usunięty', 'Kapcsolattartó törölve'],
  ContactCreated: ['Contatto creato', 'Contact created', 'Kontakt utworzony', 'Kapcsolattartó létrehozva'],
  ContactProfileChanged: ['Anagrafica contatto modificata', 'Contact profile changed', 'Zmiana danych kontaktu', 'Kapcsolattartó adatai módosultak'],
  ContactLinkedToCompany: ['Contatto collegato all’azienda', 'Contact linked to the company', 'Kontakt powiązany z firmą', 'Kapcsolattartó a céghez rendelve'],
  ContactUnlinkedFromCompany: ['Contatto scollegato dall’azienda', 'Contact unlinked from the company', 'Kontakt odłączony od firmy', 'Kapcsolattartó leválasztva a cégről'],
  ContactAccountManagersChanged: ['Account manager del contatto cambiati', 'Contact account managers changed', 'Zmiana opiekunów kontaktu', 'Kapcsolattartó ügyfélmenedzserei módosultak'],
  ContactInteractionLogged: ['Interazione registrata', 'Interaction logged', 'Zarejestrowano interakcję', 'Interakció rögzítve'],
  ContactNoteAdded: ['Nota aggiunta al contatto', 'Note added to the contact', 'Dodano notatkę do kontaktu', 'Jegyzet a kapcsolattartóhoz'],
  ContactCustomFieldsChanged: ['Campi personalizzati del contatto modificati', 'Contact custom fields changed', 'Zmiana pól własnych kontaktu', 'Kapcsolattartó egyedi mezői módosultak'],
  ContactAvatarChanged: ['Foto del contatto cambiata', 'Contact picture changed', 'Zmiana zdjęcia kontaktu', 'Kapcsolattartó képe módosult'],
  ContactSegmentsChanged: ['Segmenti del contatto cambiati', 'Contact segments changed', 'Zmiana segmentów kontaktu', 'Kapcsolattartó szegmensei módosultak'],
  LeadRemoved: ['Lead eliminato', 'Lead removed', 'Lead usunięty', 'Érdeklődő törölve'],
  LeadCreated: ['Lead creato', 'Lead created', 'Lead utworzony', 'Érdeklődő létrehozva'],
  LeadProfileChanged: ['Anagrafica lead modificata', 'Lead profile changed', 'Zmiana danych leada', 'Érdeklődő adatai módosultak'],
  LeadOwnerChanged: ['Proprietario del lead cambiato', 'Lead owner changed', 'Zmiana właściciela leada', 'Érdeklődő felelőse módosult'],
  LeadStageChanged: ['Fase del lead cambiata', 'Lead stage changed', 'Zmiana etapu leada', 'Érdeklődő szakasza módosult'],
  LeadConverted: ['Lead convertito', 'Lead converted', 'Lead przekształcony', 'Érdeklődő ügyféllé alakítva'],
  LeadCustomFieldsChanged: ['Campi personalizzati del lead modificati', 'Lead custom fields changed', 'Zmiana pól własnych leada', 'Érdeklődő egyedi mezői módosultak'],
  LeadNoteAdded: ['Nota aggiunta al lead', 'Note added to the lead', 'Dodano notatkę do leada', 'Jegyzet az érdeklődőhöz'],
  // sales
  OpportunityCreated: ['Opportunità creata', 'Opportunity created', 'Szansa sprzedaży utworzona', 'Értékesítési lehetőség létrehozva'],
  OpportunityUpdated: ['Opportunità aggiornata', 'Opportunity updated', 'Szansa sprzedaży zaktualizowana', 'Értékesítési lehetőség frissítve'],
  OpportunityWon: ['Opportunità vinta', 'Opportunity won', 'Szansa sprzedaży wygrana', 'Értékesítési lehetőség megnyerve'],
  OpportunityLost: ['Opportunità persa', 'Opportunity lost', 'Szansa sprzedaży przegrana', 'Értékesítési lehetőség elveszítve'],
  OpportunityReopened: ['Opportunità riaperta', 'Opportunity reopened', 'Szansa sprzedaży ponownie otwarta', 'Értékesítési lehetőség újranyitva'],
  QuoteDrafted: ['Offerta redatta', 'Quote drafted', 'Oferta przygotowana', 'Árajánlat elkészítve'],
  QuoteEdited: ['Offerta modificata', 'Quote edited', 'Oferta zmieniona', 'Árajánlat módosítva'],
  QuoteSent: ['Offerta inviata', 'Quote sent', 'Oferta wysłana', 'Árajánlat elküldve'],
  QuoteAccepted: ['Offerta accettata', 'Quote accepted', 'Oferta zaakceptowana', 'Árajánlat elfogadva'],
  QuoteRejected: ['Offerta rifiutata', 'Quote rejected', 'Oferta odrzucona', 'Árajánlat elutasítva'],
  QuoteExpired: ['Offerta scaduta', 'Quote expired', 'Oferta wygasła', 'Árajánlat lejárt'],
  QuoteRevised: ['Offerta revisionata', 'Quote revised', 'Oferta zrewidowana', 'Árajánlat átdolgozva'],
  SalesOrderCreated: ['Ordine creato', 'Order created', 'Zamówienie utworzone', 'Megrendelés létrehozva'],
  // reports
  ReportRequested: ['Report richiesto', 'Report requested', 'Zlecono raport', 'Jelentés kérve'],
  ReportAttemptStarted: ['Generazione del report avviata', 'Report attempt started', 'Rozpoczęto generowanie raportu', 'Jelentéskészítés elindult'],
  ReportAttemptFailed: ['Tentativo di generazione fallito', 'Report attempt failed', 'Próba generowania raportu nieudana', 'Jelentéskészítési kísérlet sikertelen'],
  ReportCompleted: ['Report completato', 'Report completed', 'Raport gotowy', 'Jelentés elkészült'],
  ReportFailed: ['Report non riuscito', 'Report failed', 'Raport nieudany', 'Jelentés sikertelen'],
  // administration
  UserRegistered: ['Utente registrato', 'User registered', 'Użytkownik zarejestrowany', 'Felhasználó regisztrálva'],
  UserProfileChanged: ['Profilo utente modificato', 'User profile changed', 'Zmiana profilu użytkownika', 'Felhasználói profil módosult'],
  UserRoleChanged: ['Ruolo utente cambiato', 'User role changed', 'Zmiana roli użytkownika', 'Felhasználó szerepköre módosult'],
  UserDeactivated: ['Utente disattivato', 'User deactivated', 'Użytkownik dezaktywowany', 'Felhasználó letiltva'],
  UserReactivated: ['Utente riattivato', 'User reactivated', 'Użytkownik ponownie aktywny', 'Felhasználó újraaktiválva'],
  GroupCreated: ['Gruppo creato', 'Group created', 'Grupa utworzona', 'Csoport létrehozva'],
  GroupRenamed: ['Gruppo rinominato', 'Group renamed', 'Zmiana nazwy grupy', 'Csoport átnevezve'],
  GroupMembersChanged: ['Membri del gruppo cambiati', 'Group members changed', 'Zmiana członków grupy', 'Csoport tagjai módosultak'],
  CatalogueSet: ['Catalogo impostato', 'Catalogue set', 'Ustawiono katalog', 'Katalógus beállítva'],
  CustomFieldsSet: ['Campi personalizzati impostati', 'Custom fields set', 'Ustawiono pola własne', 'Egyedi mezők beállítva'],
  DirectoryDefaultsSet: ['Impostazioni anagrafiche impostate', 'Directory defaults set', 'Ustawiono domyślne dane kartoteki', 'Címtár alapértékei beállítva'],
  SalesDefaultsSet: ['Impostazioni vendite impostate', 'Sales defaults set', 'Ustawiono domyślne dane sprzedaży', 'Értékesítési alapértékek beállítva'],
  ProjectionRebuildRequested: ['Ricostruzione richiesta', 'Rebuild requested', 'Zlecono przebudowę', 'Újraépítés kérve'],
  ProjectionRebuildStarted: ['Ricostruzione avviata', 'Rebuild started', 'Rozpoczęto przebudowę', 'Újraépítés elindult'],
  ProjectionRebuildProgressed: ['Ricostruzione in corso', 'Rebuild progressed', 'Postęp przebudowy', 'Újraépítés halad'],
  ProjectionRebuildCompleted: ['Ricostruzione completata', 'Rebuild completed', 'Przebudowa zakończona', 'Újraépítés kész'],
  ProjectionRebuildFailed: ['Ricostruzione non riuscita', 'Rebuild failed', 'Przebudowa nieudana', 'Újraépítés sikertelen'],
  // activities
  ActivityScheduled: ['Attività pianificata', 'Activity scheduled', 'Zaplanowano działanie', 'Tevékenység ütemezve'],
  ActivityDetailsChanged: ['Dettagli dell’attività modificati', 'Activity details changed', 'Zmiana szczegółów działania', 'Tevékenység részletei módosultak'],
  ActivityRescheduled: ['Attività ripianificata', 'Activity rescheduled', 'Zmiana terminu działania', 'Tevékenység átütemezve'],
  ActivityStatusChanged: ['Stato dell’attività cambiato', 'Activity status changed', 'Zmiana statusu działania', 'Tevékenység állapota módosult'],
  ActivityReassigned: ['Attività riassegnata', 'Activity reassigned', 'Działanie przypisane ponownie', 'Tevékenység átadva'],
  ActivityRelinked: ['Collegamenti dell’attività cambiati', 'Activity relinked', 'Zmiana powiązań działania', 'Tevékenység kapcsolatai módosultak'],
  ReminderSent: ['Promemoria inviato', 'Reminder sent', 'Wysłano przypomnienie', 'Emlékeztető elküldve'],
  DailyDigestSent: ['Riepilogo giornaliero inviato', 'Daily digest sent', 'Wysłano dzienne podsumowanie', 'Napi összesítő elküldve'],
  // collaboration: the board and personal notes (issue 16)
  BoardMessagePosted: ['Messaggio pubblicato in bacheca', 'Board message posted', 'Wiadomość opublikowana na tablicy', 'Üzenet kitéve a faliújságra'],
  BoardMessageEdited: ['Messaggio in bacheca modificato', 'Board message edited', 'Wiadomość na tablicy zmieniona', 'Faliújság-üzenet módosítva'],
  BoardMessageWithdrawn: ['Messaggio in bacheca ritirato', 'Board message withdrawn', 'Wiadomość na tablicy wycofana', 'Faliújság-üzenet visszavonva'],
  BoardMessagePinned: ['Messaggio in bacheca fissato in alto', 'Board message pinned', 'Wiadomość na tablicy przypięta', 'Faliújság-üzenet kitűzve'],
  BoardMessageUnpinned: ['Messaggio in bacheca non più in evidenza', 'Board message unpinned', 'Wiadomość na tablicy odpięta', 'Faliújság-üzenet levéve'],
  BoardPinMoved: ['Messaggio in evidenza cambiato', 'Pinned board message changed', 'Zmieniono przypiętą wiadomość', 'Kitűzött üzenet módosult'],
  NoteWritten: ['Appunto scritto', 'Note written', 'Notatka zapisana', 'Jegyzet megírva'],
  NoteEdited: ['Appunto modificato', 'Note edited', 'Notatka zmieniona', 'Jegyzet módosítva'],
  NoteDeleted: ['Appunto eliminato', 'Note deleted', 'Notatka usunięta', 'Jegyzet törölve'],
  MessageSent: ['Messaggio inviato', 'Message sent', 'Wiadomość wysłana', 'Üzenet elküldve'],
  MessageRead: ['Messaggio letto', 'Message read', 'Wiadomość przeczytana', 'Üzenet elolvasva'],
  CalendarFeedCreated: ['Calendario condiviso creato', 'Calendar feed created', 'Utworzono kanał kalendarza', 'Naptárhírcsatorna létrehozva'],
  CalendarFeedRevoked: ['Calendario condiviso revocato', 'Calendar feed revoked', 'Odwołano kanał kalendarza', 'Naptárhírcsatorna visszavonva'],
  // imports and exports
  ImportRequested: ['Importazione richiesta', 'Import requested', 'Zlecono import', 'Importálás kérve'],
  ImportRunClaimed: ['Importazione presa in carico', 'Import run claimed', 'Import przejęty do wykonania', 'Importálás átvéve'],
  ImportRunReleased: ['Importazione rilasciata', 'Import run released', 'Import zwolniony', 'Importálás elengedve'],
  ImportValidationStarted: ['Validazione dell’importazione avviata', 'Import validation started', 'Rozpoczęto walidację importu', 'Importálás ellenőrzése elindult'],
  ImportStarted: ['Importazione avviata', 'Import started', 'Rozpoczęto import', 'Importálás elindult'],
  ImportProgressRecorded: ['Avanzamento dell’importazione', 'Import progress recorded', 'Postęp importu', 'Importálás előrehaladása'],
  ImportCompleted: ['Importazione completata', 'Import completed', 'Import zakończony', 'Importálás kész'],
  ImportFailed: ['Importazione non riuscita', 'Import failed', 'Import nieudany', 'Importálás sikertelen'],
  ImportCancelled: ['Importazione annullata', 'Import cancelled', 'Import anulowany', 'Importálás megszakítva'],
  ImportRevertRequested: ['Annullamento dell’importazione richiesto', 'Import revert requested', 'Zlecono cofnięcie importu', 'Importálás visszavonása kérve'],
  ImportReverted: ['Importazione annullata e ripristinata', 'Import reverted', 'Import cofnięty', 'Importálás visszavonva'],
  ExportRequested: ['Esportazione richiesta', 'Export requested', 'Zlecono eksport', 'Exportálás kérve'],
  ExportStarted: ['Esportazione avviata', 'Export started', 'Rozpoczęto eksport', 'Exportálás elindult'],
  ExportCompleted: ['Esportazione completata', 'Export completed', 'Eksport zakończony', 'Exportálás kész'],
  ExportFailed: ['Esportazione non riuscita', 'Export failed', 'Eksport nieudany', 'Exportálás sikertelen'],
  // webhooks (integrations)
  WebhookEndpointCreated: ['Webhook creato', 'Webhook endpoint created', 'Utworzono webhook', 'Webhook létrehozva'],
  WebhookEndpointChanged: ['Webhook modificato', 'Webhook endpoint changed', 'Zmieniono webhook', 'Webhook módosítva'],
  WebhookEndpointEnabled: ['Webhook attivato', 'Webhook endpoint enabled', 'Włączono webhook', 'Webhook bekapcsolva'],
  WebhookEndpointDisabled: ['Webhook disattivato', 'Webhook endpoint disabled', 'Wyłączono webhook', 'Webhook kikapcsolva'],
  WebhookSecretRotated: ['Segreto del webhook rinnovato', 'Webhook secret rotated', 'Wymieniono sekret webhooka', 'Webhook titkos kulcsa lecserélve'],
  WebhookEndpointDeleted: ['Webhook eliminato', 'Webhook endpoint deleted', 'Usunięto webhook', 'Webhook törölve'],
  WebhookDeliveryScheduled: ['Invio webhook pianificato', 'Webhook delivery scheduled', 'Zaplanowano dostarczenie webhooka', 'Webhook kézbesítése ütemezve'],
  WebhookAttemptRecorded: ['Tentativo di invio webhook', 'Webhook attempt recorded', 'Próba dostarczenia webhooka', 'Webhook kézbesítési kísérlet'],
  WebhookRedeliveryRequested: ['Nuovo invio webhook richiesto', 'Webhook redelivery requested', 'Zlecono ponowne dostarczenie webhooka', 'Webhook újraküldése kérve'],
  // API clients (integrations)
  ApiClientCreated: ['Client API creato', 'API client created', 'Klient API utworzony', 'API-kliens létrehozva'],
  ApiClientRevoked: ['Client API revocato', 'API client revoked', 'Klient API unieważniony', 'API-kliens visszavonva'],
};

const column: Readonly<Record<ReportLocale, number>> = { it: 0, en: 1, pl: 2, hu: 3 };

/** The event types that have words (the test compares them with the catalogue). */
export const labelledEventTypes = (): readonly string[] => Object.keys(words);

/** An event's name in `locale`; an event type without words (a newer log than this code) prints as is. */
export const eventLabel = (type: string, locale: ReportLocale): string => words[type]?.[column[locale]] ?? type;
