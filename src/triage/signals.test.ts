import { describe, expect, it } from 'vitest';
import { detectSignals, hasHealthVocabulary, otherBusinessTerm } from './signals.js';
import { foldText } from './text.js';

const signals = (text: string) => detectSignals(foldText(text));

describe('urgency signals', () => {
  it('finds an imminent discharge in either word order', () => {
    expect(signals('Meine Mutter wird morgen aus der Klinik entlassen.')).toContain('discharge_imminent');
    expect(signals('Die Entlassung ist am Freitag, wir brauchen ein Pflegebett.')).toContain(
      'discharge_imminent',
    );
    expect(signals('Die Entlassung ist in sechs Wochen geplant.')).not.toContain('discharge_imminent');
  });

  it('reads a short life expectancy as palliative, life expectancy in general not', () => {
    expect(signals('Die Ärztin sagt, die Lebenserwartung beträgt nur noch wenige Monate.')).toContain(
      'palliative',
    );
    expect(signals('Wegen seiner begrenzten Lebenserwartung möchte er zu Hause bleiben.')).toContain(
      'palliative',
    );
    expect(signals('Seine Lebenserwartung liegt bei wenigen Tagen.')).toContain('palliative');
    expect(signals('Die Lebenserwartung beträgt nur noch einen Monat.')).toContain('palliative');
    expect(signals('Die Lebenserwartung stieg um drei Monate.')).not.toContain('palliative');
    expect(signals('Raucher haben eine geringere Lebenserwartung.')).not.toContain('palliative');
    expect(signals('Die voraussichtliche Lebenserwartung in Deutschland liegt bei 81 Jahren.')).not.toContain(
      'palliative',
    );
    expect(signals('Die Lebenserwartung in Deutschland steigt seit Jahrzehnten.')).not.toContain(
      'palliative',
    );
    expect(signals('Die Populärkultur verändert ihre eigenen Lebenserwartungen.')).not.toContain(
      'palliative',
    );
  });

  it('finds palliative care, stopped payments, therapy stops and given-away credentials', () => {
    expect(signals('Mein Vater ist austherapiert und soll ins Hospiz.')).toContain('palliative');
    expect(signals('Seit drei Wochen kein Krankengeld bekommen, ich kann die Miete nicht zahlen.')).toContain(
      'payment_stopped',
    );
    expect(signals('Der Pflegedienst kommt nicht mehr, das Insulin muss aber gespritzt werden.')).toContain(
      'therapy_stops',
    );
    expect(signals('Ich habe auf den Link geklickt und meine IBAN und mein Passwort eingegeben.')).toContain(
      'credentials_given_away',
    );
    expect(signals('Ich liege gerade in Spanien im Krankenhaus nach einem Unfall.')).toContain(
      'ill_abroad_now',
    );
    expect(
      signals('Sie bestätigen mir eine neue Bankverbindung für Erstattungen. Das habe ich nicht veranlasst.'),
    ).toContain('credentials_given_away');
    expect(signals('Ich glaube, mein Account wurde gehackt.')).toContain('credentials_given_away');
    expect(signals('Sie hat Versichertennummer und Kontonummer am Telefon genannt.')).toContain(
      'credentials_given_away',
    );
    expect(signals('Ohne Vorschuss wird am Freitag der Strom abgestellt.')).toContain('payment_stopped');
    // A benefit "not received", also in the staff notes' "KG"; a weight in kilograms is not Krankengeld.
    expect(signals('Das Krankengeld für April habe ich noch nicht erhalten.')).toContain('payment_stopped');
    expect(signals('Vers. beschwert sich, KG April nicht erhalten, Mahnung vom Vermieter.')).toContain(
      'payment_stopped',
    );
    expect(signals('Ich wiege 80 kg und habe Ihren Brief nicht erhalten.')).not.toContain('payment_stopped');
    // Someone else changed the password or contact data.
    expect(
      signals('Mein Passwort wurde geändert, ich komme nicht rein. Ich habe das nicht gemacht!'),
    ).toContain('credentials_given_away');
    expect(signals('In der App steht eine andere Handynummer. Hab ich nicht geändert!!')).toContain(
      'credentials_given_away',
    );
    expect(signals('You confirmed a change of my bank account, but I didn’t change anything.')).toContain(
      'credentials_given_away',
    );
    // Money paid to an account the person never gave, a login they did not make, a password someone knows.
    for (const text of [
      'Das Pflegegeld ging auf ein Konto bei einer Onlinebank. Wir haben nie eine Änderung gemeldet.',
      'mein krankengeld ist auf ein konto gegangen das ich gar nicht hab',
      'Bankverbindung im Okt. per Online-Formular geändert. Vers. bestreitet.',
      'Unter "Letzte Anmeldungen" steht ein Login aus Litauen. Ich war das nicht.',
      'mein ex kennt mein passwort für eure app',
      'Als Mailadresse steht da eine Gmail-Adresse, die nicht meine ist!',
    ])
      expect(signals(text), text).toContain('credentials_given_away');
    expect(signals('Ich habe keine Änderung gemeldet, warum kommt ein neuer Bescheid?')).not.toContain(
      'credentials_given_away',
    );
    // An address change of one's own is not a takeover.
    expect(signals('Meine Adresse hat sich geändert, die neue Karte habe ich nicht bekommen.')).not.toContain(
      'credentials_given_away',
    );
    // Bank details told to the Kasse itself are not given away; told to a caller or a fake page they are.
    expect(
      signals('Ich habe Ihnen die neue IBAN rechtzeitig mit dem Formular mitgeteilt, das Geld kam nicht.'),
    ).not.toContain('credentials_given_away');
    expect(
      signals('Ein Anrufer von der „Kasse“ wollte meine Bankverbindung, ich habe sie genannt.'),
    ).toContain('credentials_given_away');
    expect(signals('Auf der Seite aus der SMS habe ich meine IBAN eingegeben.')).toContain(
      'credentials_given_away',
    );
  });

  it('finds stated non-urgency', () => {
    expect(signals('Es ist kein Notfall, nur eine Frage.')).toContain('not_urgent');
    expect(signals('Das hat Zeit bis nächsten Monat.')).toContain('not_urgent');
    expect(signals('Bitte dringend zurückrufen!')).not.toContain('not_urgent');
  });

  it('tells "no emergency" from "it can wait", and drops a "kein Notfall, aber …"', () => {
    expect(signals('Kein Notfall, aber das Krankengeld fehlt seit drei Wochen.')).not.toContain(
      'no_emergency',
    );
    expect(signals('Kein Notfall im medizinischen Sinn, aber finanziell schon.')).not.toContain(
      'no_emergency',
    );
    expect(signals('Es ist kein Notfall.')).toEqual(['no_emergency']);
  });

  it('notices a greeting to someone other than the Kasse', () => {
    expect(signals('Sehr geehrte Damen und Herren der Hausverwaltung,\nder Aufzug ist kaputt.')).toContain(
      'addressed_elsewhere',
    );
    expect(signals('Hallo liebes Praxisteam Physio am Markt, ich muss absagen.')).toContain(
      'addressed_elsewhere',
    );
    expect(signals('Sehr geehrte Damen und Herren,\nmein Krankengeld fehlt.')).not.toContain(
      'addressed_elsewhere',
    );
    expect(signals('Liebes Team der Krankenkasse, danke für die schnelle Hilfe.')).not.toContain(
      'addressed_elsewhere',
    );
    // A letter head naming an office, and a greeting to one, count as well.
    expect(signals('An das Jobcenter Kassel\nIch konnte den Termin nicht wahrnehmen.')).toContain(
      'addressed_elsewhere',
    );
    expect(signals('Guten Tag Familienkasse. Das Kindergeld ist nicht gekommen.')).toContain(
      'addressed_elsewhere',
    );
    expect(signals('Liebe Kitaleitung, Mia ist heute krank.')).toContain('addressed_elsewhere');
    // Naming the landlord or the Jobcenter in the message is not addressing them.
    expect(signals('Mein Vermieter droht mit Kündigung, weil das Krankengeld fehlt.')).not.toContain(
      'addressed_elsewhere',
    );
    expect(signals('Sehr geehrte Damen und Herren,\ndas Jobcenter hat mich abgemeldet.')).not.toContain(
      'addressed_elsewhere',
    );
    // Payroll, HR or the boss as addressee; "Hr." before a name is Herr, not HR.
    expect(signals('Hallo Lohnbuchhaltung, die AU liegt euch vor.')).toContain('addressed_elsewhere');
    expect(signals('Hi HR team, I am off sick today.')).toContain('addressed_elsewhere');
    expect(signals('hi hr,\nmy doctor signed me off.')).toContain('addressed_elsewhere');
    expect(signals('Hallo Chef,\nbin krankgeschrieben.')).toContain('addressed_elsewhere');
    expect(signals('Sehr geehrter Hr. Brandt,\nmein Krankengeld fehlt.')).not.toContain(
      'addressed_elsewhere',
    );
    expect(signals('Sehr geehrte Damen und Herren,\nich schreibe für die Lohnbuchhaltung.')).not.toContain(
      'addressed_elsewhere',
    );
  });

  it('takes a familiar greeting by name without a word of the Kasse as meant for someone else', () => {
    const elsewhere = (text: string) => signals(text).includes('addressed_elsewhere');
    for (const text of [
      'Hallo Frau Kaya,\nich bin bis Freitag krankgeschrieben, die AU kommt.',
      'Hi Tom, my GP signed me off for two weeks.',
      'Betreff: AU\nLiebe Frau Roth, ich bin diese Woche krank.',
      // A Sparkasse is a bank, not the Kasse.
      'Hallo Frau Kaya,\nmeine Sparkasse hat die Karte gesperrt, ich bin krank.',
    ])
      expect(elsewhere(text), text).toBe(true);
    for (const text of [
      // The same greeting with the Kasse, one of its benefits or an IK in the text is for the case worker.
      'Hallo Frau Kaya,\nmein Krankengeld ist noch nicht da.',
      'Hallo Frau Pohl,\nanbei die Verordnung.\nPflegedienst Kanal, IK 460340277',
      'Hallo Frau Kaya,\nich habe Ihrer Kasse die AU geschickt.',
      // The formal greeting of a letter, a group, or a greeting further down than the head do not count.
      'Guten Tag Frau Kaya,\nich bin bis Freitag krankgeschrieben.',
      'Sehr geehrte Frau Kaya,\nich bin bis Freitag krankgeschrieben.',
      'Hi folks, I am off sick today.',
      `${'Ich bin krank. '.repeat(30)}\nHallo Frau Kaya,\nbis bald.`,
    ])
      expect(elsewhere(text), text).toBe(false);
  });

  it('notices a request only an employer can grant', () => {
    expect(signals('Bin krankgeschrieben. Könnten Sie meine Schichten in KW 12 umplanen?')).toContain(
      'addressed_elsewhere',
    );
    expect(signals('AU ist raus, ich schaffe das Meeting morgen nicht.')).toContain('addressed_elsewhere');
    expect(signals('Funeral is on Friday, I need to swap my shift.')).toContain('addressed_elsewhere');
    expect(signals("Sorry, I can't make the meeting today, I'm off sick.")).toContain('addressed_elsewhere');
    expect(signals('Bitte tragen Sie mich im Dienstplan für nächste Woche aus.')).toContain(
      'addressed_elsewhere',
    );
    // The Kasse hears about shifts and care services too.
    expect(signals('Die Schichtzulagen fehlen in der Krankengeld-Berechnung.')).not.toContain(
      'addressed_elsewhere',
    );
    expect(signals('Der Pflegedienst will wissen, ob Sie das übernehmen.')).not.toContain(
      'addressed_elsewhere',
    );
  });

  it('names the business of another organisation, and not the words of a Kasse concern', () => {
    const term = (t: string) => otherBusinessTerm(foldText(t));
    expect(term('Ich liege im Krankenhaus und kann das Paket nicht abholen')).toBe('paket');
    expect(term('I had surgery, can the courier bring the parcel upstairs?')).toBe('courier');
    expect(term('Mein Flug wurde gestrichen')).toBe('flug');
    expect(term('Bitte kündigen Sie den Handyvertrag meiner Mutter')).toBe('handyvertrag');
    expect(term('Ich bin krank und kann die Kreditrate nicht zahlen')).toBe('kreditrate');
    expect(term('Die Hausratversicherung lehnt den Schaden ab')).toBe('hausratversicherung');
    expect(term('I was in hospital and missed the return window')).toBe('return window');
    for (const kasse of [
      'Mein Krankengeld ist seit drei Wochen nicht da',
      'Bitte schicken Sie mir eine neue Gesundheitskarte, die alte ist kaputt',
      'Der Flugangst-Kurs meiner Tochter: zahlt die Kasse die Therapie?',
      'Taxi Ludwig, Disposition: Fahrten zur Dialyse genehmigt?',
      'Bitte überweisen Sie das Pflegegeld auf das neue Konto',
    ])
      expect(term(kasse), kasse).toBeUndefined();
  });

  it('tells health-insurance vocabulary from other customer mail', () => {
    expect(hasHealthVocabulary(foldText('Mein Krankengeld fehlt'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Mein Paket ist nicht angekommen, die Sendungsnummer ist 123'))).toBe(
      false,
    );
    // Staff shorthand: KG is Krankengeld, not kilograms.
    expect(hasHealthVocabulary(foldText('Hr. R., Zahlung KG kam, Betrag halb so hoch'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Das Paket wiegt 2,5 kg und ist beschädigt'))).toBe(false);
    expect(hasHealthVocabulary(foldText('Vers. beschwert sich, KG April fehlt'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Rechnung der Müller GmbH & Co. KG, bitte bis Freitag zahlen'))).toBe(
      false,
    );
    expect(hasHealthVocabulary(foldText('my son has a high fever, is there a clinic?'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Haftada 3 gün diyalize gidiyorum'))).toBe(true);
    expect(
      hasHealthVocabulary(foldText('Wie schnell kommt ein Vorschuss, wenn ich ihn heute beantrage?')),
    ).toBe(true);
    expect(hasHealthVocabulary(foldText('my dad is on oxygen and the machine stopped'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Apteka mówi, że zgoda wygasła i nie wyda leku'))).toBe(true);
    expect(hasHealthVocabulary(foldText('Ersatzbescheinigung bitte, morgen Röntgen beim Orthopäden'))).toBe(
      true,
    );
    // Other languages: care, nursing, the Kasse's benefits, and Arabic as folded (the hamza a mark of its own).
    for (const text of [
      'Моїй бабусі підвищили ступінь догляду',
      'Przesłaliśmy zlecenie na opiekę pielęgniarską',
      'Hastalık param 3 haftadır gecikiyor',
      'الممرضة لن تأتي بعد يوم الأربعاء',
      'أرسلت بطاقة التأمين أمس',
      'Прошу выплатить аванс, выплата задерживается',
    ])
      expect(hasHealthVocabulary(foldText(text)), text).toBe(true);
    for (const text of [
      'Yarın doğum günü partisi var, pasta siparişi vermek istiyorum',
      'Подозрительная операция по карте, заблокируйте',
      'Paczka nie dotarła, numer przesyłki 7781',
    ])
      expect(hasHealthVocabulary(foldText(text)), text).toBe(false);
  });

  it('takes the Kasse or its benefits named in another language as health-insurance vocabulary', () => {
    // None of these has a word of illness: the Kasse, insurance, a benefit or the care level alone.
    for (const text of [
      'Hastalık parası bu ay yatmadı',
      'Sağlık kasası hâlâ cevap vermedi',
      'Czekamy na zgodę kasy od dwóch tygodni',
      'Zasiłek nie wpłynął',
      'Страховая до сих пор не ответила',
      'Коли прийде виплата?',
      'Кранкенгельд не пришёл',
      'Η ασφάλεια δεν απάντησε',
      'Aspetto ancora il rimborso',
    ])
      expect(hasHealthVocabulary(foldText(text)), text).toBe(true);
    // A small town is no Kasse, and "seguro" alone is "sure".
    for (const text of ['Kasabada yeni bir fırın açıldı', 'Estoy seguro de que llego mañana'])
      expect(hasHealthVocabulary(foldText(text)), text).toBe(false);
  });
});
