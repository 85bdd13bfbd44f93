"""Write `campaigns_stream.jsonl`: a labelled stream of social-media posts for judging campaign
grouping (`benchmarks/campaign_quality.py`).

Every post carries `true_campaign` (the campaign it belongs to; its own id when it belongs to none)
and `kind`:

- `campaign`: a lure reposted by its recruiters with small edits (a count, an amount, an emoji, a
  dropped or re-worded sentence, a platform's style), sometimes rewritten from scratch around the
  same number, which is written in many ways (``wa.me/237…``, ``+237 6 99…``, ``699-00-41-27``);
  some campaigns rotate two or three numbers;
- `aggregator`: a campaign's lure reposted by a page or group that reposts many campaigns (its
  handle in the author field and in the text): a member of the campaign it reposts;
- `lookalike`: a celebrity giveaway posted by look-alike accounts of one figure (member);
- `benign_repost`: a real scholarship or job call reposted by many accounts (one group of its own);
- `warning`: a post that quotes or names a campaign to warn about it: a *mention*
  (`true_mention`), never a member (its own singleton);
- `noise`: an unrelated post (its own singleton), some with numbers, years ("2026-2027"), prices.

Texts are composed per campaign from per-language phrase pools (hook, offer, perks, conditions,
fee, urgency, call to contact) with the campaign's own employer, city, role, amounts and numbers,
then edited per post; languages fr, en, pcm, es, pt, ar and code-switched fr/en/pcm.

    .venv/bin/python data/streams/make_campaigns_stream.py                # the committed stream (seed 1)
    .venv/bin/python data/streams/make_campaigns_stream.py --seed 2 -o /tmp/held_out.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

# -- phrase pools per language: {slot: [phrasings]}; {fields} are filled per campaign -----------
JOB = {
    "fr": {
        "hook": ["🔥 URGENT RECRUTEMENT 🔥", "GRANDE OPPORTUNITÉ POUR LES JEUNES", "Avis de recrutement international",
                 "Tu cherches du travail ? Lis ceci 👇", "OFFRE SPÉCIALE {month}", "Annonce importante !!!"],
        "offer": ["{employer} à {city} recrute {n} {role}.", "Nous recherchons {n} {role} pour {employer} ({city}).",
                  "Un grand {employer} basé à {city} a besoin de {n} {role} immédiatement.",
                  "Recrutement de {n} {role} pour travailler à {city} chez {employer}."],
        "perks": ["Salaire {pay} par mois, logement et nourriture gratuits.",
                  "Paie mensuelle de {pay}, logé nourri, transport assuré.",
                  "Rémunération {pay} + primes, hébergement pris en charge.",
                  "Vous gagnerez {pay} chaque mois, tout est payé sur place."],
        "travel": ["Visa et billet d'avion offerts.", "Le billet et le visa sont à la charge de l'employeur.",
                   "Voyage pris en charge à 100 %.", "Nous faisons le passeport et le visa pour vous."],
        "cond": ["Aucun diplôme exigé.", "Âge : {age} ans, niveau CEPE accepté.", "Pas besoin d'expérience.",
                 "Filles et garçons de {age} ans, bonne présentation."],
        "fee": ["Frais de dossier {fee} seulement.", "Il faut juste payer {fee} pour l'ouverture du dossier.",
                "Inscription : {fee} par Orange Money ou MTN MoMo.", "Contribution de {fee} pour la visite médicale."],
        "urgency": ["Places limitées !", "Départ prévu dans {days} jours.", "Clôture ce vendredi.",
                    "Premier arrivé premier servi."],
        "contact": ["Écrivez vite au {phone}", "Contact WhatsApp : {phone}", "Appelez ou WhatsApp {phone}",
                    "Infos et inscription : {phone}", "Laissez un message au {phone} pour plus d'infos"],
    },
    "en": {
        "hook": ["🚨 URGENT HIRING 🚨", "LIFE-CHANGING OPPORTUNITY", "Attention job seekers!!",
                 "Are you tired of joblessness? Read this 👇", "{month} RECRUITMENT DRIVE", "Good news for the youth"],
        "offer": ["{employer} in {city} is hiring {n} {role}.", "We need {n} {role} for {employer}, {city}.",
                  "A big {employer} located in {city} urgently needs {n} {role}.",
                  "Recruitment of {n} {role} to work in {city} with {employer}."],
        "perks": ["Salary {pay} monthly, free accommodation and feeding.", "Monthly pay of {pay}, housing provided.",
                  "Earn {pay} every month plus bonuses, lodging is free.",
                  "You will receive {pay} per month, all paid."],
        "travel": ["Visa and flight ticket are free.", "Employer pays for your ticket and visa.",
                   "Travel fully sponsored.", "We process your passport and visa for you."],
        "cond": ["No certificate needed.", "Age {age} years, any level of education.", "No experience required.",
                 "Male and female aged {age}, good appearance."],
        "fee": ["Processing fee is only {fee}.", "You just pay {fee} to open your file.",
                "Registration {fee} via mobile money.", "Pay {fee} for the medical test."],
        "urgency": ["Limited slots!", "Departure in {days} days.", "Closing this Friday.", "First come first served."],
        "contact": ["Send a message to {phone}", "WhatsApp only: {phone}", "Call or WhatsApp {phone}",
                    "For details and registration: {phone}", "Chat me up on {phone} now"],
    },
    "pcm": {
        "hook": ["🔥 WORK DEY O 🔥", "Na una time don reach!!", "Job for abroad dey available",
                 "Who wan comot this country? Read am 👇", "{month} BIG CHANCE", "My people make una hear"],
        "offer": ["{employer} for {city} dey find {n} {role}.", "Dem need {n} {role} for {employer} for {city}.",
                  "One big {employer} for {city} wan carry {n} {role} sharp sharp.",
                  "Dem dey recruit {n} {role} make dem go work for {city}, na {employer}."],
        "perks": ["Salary na {pay} every month, house and chop free.",
                  "Dem go pay you {pay} monthly, dem go house you.",
                  "{pay} every month plus bonus, accommodation free.", "You go dey collect {pay} for month."],
        "travel": ["Visa and ticket na free.", "Oga go pay for ticket and visa.", "Dem go sponsor the whole travel.",
                   "Passport and visa, we go do am for you."],
        "cond": ["No need certificate.", "Age {age}, any school level.", "Experience no matter.",
                 "Boys and girls wey dey {age} years."],
        "fee": ["Na only {fee} for form.", "You go just pay {fee} make dem open your file.",
                "Registration na {fee} through mobile money.", "Pay {fee} for medical."],
        "urgency": ["Space no plenty o!", "Una go travel in {days} days.", "E go close this Friday.",
                    "Who first come, first serve."],
        "contact": ["Message {phone} quick", "WhatsApp me for {phone}", "Call or WhatsApp {phone}",
                    "Make you reach {phone} for details", "Holla {phone} now now"],
    },
    "es": {
        "hook": ["🔥 OFERTA DE EMPLEO URGENTE 🔥", "OPORTUNIDAD ÚNICA PARA JÓVENES", "¡Atención buscadores de empleo!",
                 "¿Buscas trabajo? Lee esto 👇", "CONVOCATORIA {month}", "¡Gran noticia!"],
        "offer": ["{employer} en {city} contrata {n} {role}.", "Buscamos {n} {role} para {employer} ({city}).",
                  "Una gran {employer} de {city} necesita {n} {role} de inmediato.",
                  "Se reclutan {n} {role} para trabajar en {city} con {employer}."],
        "perks": ["Sueldo de {pay} al mes, alojamiento y comida gratis.", "Pago mensual de {pay}, vivienda incluida.",
                  "Gana {pay} al mes más bonos.", "Recibirás {pay} cada mes, todo pagado."],
        "travel": ["Visado y billete de avión gratis.", "El empleador paga el billete y el visado.",
                   "Viaje pagado al 100 %.", "Tramitamos tu pasaporte y visado."],
        "cond": ["No se exige título.", "Edad {age} años, cualquier nivel.", "Sin experiencia.",
                 "Chicas y chicos de {age} años, buena presencia."],
        "fee": ["Solo {fee} de gastos de trámite.", "Solo pagas {fee} para abrir tu expediente.",
                "Inscripción {fee} por transferencia.", "Pago de {fee} para el examen médico."],
        "urgency": ["¡Plazas limitadas!", "Salida en {days} días.", "Cierra este viernes.", "El primero que llegue."],
        "contact": ["Escribe al {phone}", "Solo WhatsApp: {phone}", "Llama o escribe al {phone}",
                    "Información e inscripción: {phone}", "Mándame un mensaje al {phone}"],
    },
    "pt": {
        "hook": ["🔥 RECRUTAMENTO URGENTE 🔥", "OPORTUNIDADE ÚNICA PARA JOVENS", "Atenção quem procura emprego!",
                 "Procuras trabalho? Lê isto 👇", "CAMPANHA DE {month}", "Boa notícia!"],
        "offer": ["{employer} em {city} contrata {n} {role}.", "Procuramos {n} {role} para {employer} ({city}).",
                  "Uma grande {employer} de {city} precisa de {n} {role} já.",
                  "Recrutamento de {n} {role} para trabalhar em {city} na {employer}."],
        "perks": ["Salário de {pay} por mês, alojamento e alimentação grátis.",
                  "Pagamento mensal de {pay}, casa incluída.",
                  "Ganhe {pay} por mês mais bónus.", "Vais receber {pay} todos os meses, tudo pago."],
        "travel": ["Visto e passagem grátis.", "O empregador paga a passagem e o visto.", "Viagem paga a 100 %.",
                   "Tratamos do teu passaporte e visto."],
        "cond": ["Não é preciso diploma.", "Idade {age} anos, qualquer nível.", "Sem experiência.",
                 "Rapazes e raparigas de {age} anos."],
        "fee": ["Apenas {fee} de taxa de processo.", "Só pagas {fee} para abrir o processo.",
                "Inscrição {fee} por transferência.", "Taxa de {fee} para o exame médico."],
        "urgency": ["Vagas limitadas!", "Partida em {days} dias.", "Fecha esta sexta-feira.", "Quem chegar primeiro."],
        "contact": ["Escreve para {phone}", "Só WhatsApp: {phone}", "Liga ou manda mensagem {phone}",
                    "Informações e inscrição: {phone}", "Fala comigo no {phone}"],
    },
    "ar": {
        "hook": ["🔥 توظيف عاجل 🔥", "فرصة ذهبية للشباب", "إعلان توظيف دولي", "تبحث عن عمل؟ اقرأ هذا 👇",
                 "عرض خاص لشهر {month}", "خبر سار!"],
        "offer": ["{employer} في {city} يطلب {n} {role}.", "نبحث عن {n} {role} لـ {employer} في {city}.",
                  "{employer} كبير في {city} يحتاج {n} {role} فورا.",
                  "مطلوب {n} {role} للعمل في {city} لدى {employer}."],
        "perks": ["راتب {pay} شهريا مع سكن وأكل مجاني.", "أجر شهري {pay} والسكن مجاني.",
                  "تربح {pay} كل شهر مع مكافآت.", "ستحصل على {pay} كل شهر وكل شيء مدفوع."],
        "travel": ["التأشيرة وتذكرة الطيران مجانا.", "صاحب العمل يدفع التذكرة والتأشيرة.", "السفر مدفوع بالكامل.",
                   "نحن نستخرج لك الجواز والتأشيرة."],
        "cond": ["لا يشترط شهادة.", "العمر {age} سنة، أي مستوى.", "بدون خبرة.", "بنات وشباب من {age} سنة."],
        "fee": ["رسوم الملف {fee} فقط.", "تدفع فقط {fee} لفتح الملف.", "التسجيل {fee} بتحويل.",
                "رسوم {fee} للفحص الطبي."],
        "urgency": ["الأماكن محدودة!", "السفر خلال {days} يوما.", "آخر أجل يوم الجمعة.", "الأولوية لمن يسجل أولا."],
        "contact": ["راسلونا على {phone}", "واتساب فقط: {phone}", "اتصل أو راسل {phone}", "للتسجيل: {phone}",
                    "للمزيد تواصل مع {phone}"],
    },
}
SCHOLARSHIP = {
    "fr": {
        "hook": ["🎓 BOURSE ENTIÈREMENT FINANCÉE 🎓", "Étudier à l'étranger gratuitement, c'est possible !",
                 "Bonne nouvelle pour les bacheliers", "Programme de bourses {years}",
                 "Parents, voici la chance de vos enfants 🙏", "DERNIÈRE CHANCE : bourses {years}"],
        "offer": ["La {employer} offre {n} bourses pour étudier en {city}.",
                  "{n} bourses d'excellence de la {employer} pour la rentrée {years} en {city}.",
                  "Candidatures ouvertes : {n} places financées par la {employer} ({city}).",
                  "Grâce à la {employer}, {n} jeunes partiront étudier en {city} cette année.",
                  "Vous rêvez d'étudier en {city} ? La {employer} prend en charge {n} étudiants."],
        "perks": ["Frais de scolarité, logement et allocation de {pay} par mois couverts.",
                  "Tout est pris en charge : scolarité, logement, {pay} d'argent de poche.",
                  "Bourse mensuelle de {pay}, chambre en cité universitaire gratuite.",
                  "Vous recevrez {pay} par mois pendant toute la formation."],
        "travel": ["Visa et billet offerts.", "Billet aller-retour payé par le programme.",
                   "Le programme s'occupe du visa étudiant et du voyage."],
        "cond": ["Ouvert à tous les niveaux, sans test de langue.", "Âge maximum {age} ans, aucune moyenne exigée.",
                 "Même sans le bac, vous pouvez postuler.", "Pas de TCF ni d'IELTS demandé."],
        "fee": ["Frais d'inscription : {fee}.", "Seulement {fee} pour la légalisation des documents.",
                "Les frais de traitement ({fee}) sont remboursés à l'arrivée.",
                "Envoyez {fee} pour réserver votre place."],
        "urgency": ["Date limite dans {days} jours.", "Dernier délai ce mois-ci.", "Il reste très peu de places.",
                    "Ne ratez pas cette occasion !"],
        "contact": ["Dossier par WhatsApp au {phone}", "Inscription au {phone}", "Écrire au responsable : {phone}",
                    "Le coordinateur répond au {phone}", "Pour postuler, message au {phone}"],
    },
    "en": {
        "hook": ["🎓 FULLY FUNDED SCHOLARSHIP 🎓", "Study abroad for free!", "Great news for school leavers",
                 "{years} scholarship programme", "Parents, this is your child's chance 🙏",
                 "LAST CALL: {years} awards"],
        "offer": ["The {employer} is offering {n} scholarships to study in {city}.",
                  "{n} excellence awards from the {employer} for the {years} intake in {city}.",
                  "Applications open: {n} funded places by the {employer} ({city}).",
                  "Thanks to the {employer}, {n} young people will study in {city} this year.",
                  "Dreaming of studying in {city}? The {employer} sponsors {n} students."],
        "perks": ["Tuition, housing and a stipend of {pay} monthly covered.",
                  "Everything is paid: tuition, housing, {pay} pocket money.",
                  "Monthly allowance of {pay}, free room on campus.", "You will get {pay} every month of the course."],
        "travel": ["Visa and ticket free.", "Return ticket paid by the programme.",
                   "The programme handles the student visa and travel."],
        "cond": ["Open to all levels, no IELTS.", "Maximum age {age}, no minimum grade.",
                 "Even without WAEC you can apply.", "No language test required."],
        "fee": ["Application fee: {fee}.", "Only {fee} for document attestation.",
                "Processing fee ({fee}) is refunded on arrival.", "Send {fee} to reserve your slot."],
        "urgency": ["Deadline in {days} days.", "Closing this month.", "Very few slots left.", "Don't miss this!"],
        "contact": ["Send documents on WhatsApp {phone}", "Register on {phone}", "Contact the coordinator: {phone}",
                    "The coordinator answers on {phone}", "To apply, message {phone}"],
    },
}
GIVEAWAY = {
    "fr": ["{celeb} offre {pay} à {n} jeunes de chez nous 🙏 Pour recevoir, envoie d'abord {fee} de frais de "
           "transfert au {phone}. Dieu vous bénisse.",
           "Ma fondation aide {n} familles ce mois : {pay} chacun. Les frais d'activation ({fee}) à envoyer au "
           "{phone}, puis tu reçois ton argent. — {celeb}",
           "GIVEAWAY {celeb} 🎁 {n} gagnants, {pay} chacun ! Commente « AMEN » et écris au {phone} ; frais de "
           "livraison {fee}.",
           "C'est moi {celeb}. J'ai décidé de partager ma bénédiction : {pay} pour {n} personnes tirées au sort. "
           "Tu as été choisi(e) ! Règle juste {fee} de dossier au {phone}.",
           "Félicitations 🎉 Votre nom est sorti au tirage de la fondation {celeb} ({pay}). Pour débloquer le "
           "virement, {fee} par mobile money au {phone} avant minuit."],
    "en": ["{celeb} is blessing {n} fans with {pay} each 🙏 To receive, first send {fee} transfer fee to {phone}. "
           "God bless.",
           "It's me {celeb}. I decided to share my blessing: {pay} for {n} lucky people. You have been selected! "
           "Just settle the {fee} file charge on {phone}.",
           "Congratulations 🎉 your name came out in the {celeb} foundation draw ({pay}). To release the transfer, "
           "pay {fee} by mobile money to {phone} before midnight.",
           "My foundation is supporting {n} families this month: {pay} each. Activation fee ({fee}) to {phone}, then "
           "you receive your money. — {celeb}",
           "GIVEAWAY by {celeb} 🎁 {n} winners, {pay} each! Comment AMEN and text {phone}; delivery fee {fee}."],
    "pcm": ["{celeb} dey bless {n} fans with {pay} each 🙏 Make you first send {fee} for transfer to {phone}.",
            "My foundation go help {n} families this month, {pay} each. Send {fee} activation to {phone} first. "
            "— {celeb}",
            "Na me {celeb} dey talk. I wan bless {n} people with {pay}. Dem pick your name! Just pay {fee} for "
            "file to {phone}."],
}
NOISE = {
    "fr": ["Match ce soir au stade, allez les Lions ! 🦁",
           "Les résultats du BEPC sont disponibles sur le site du ministère.",
           "Joyeux anniversaire maman ❤️ que Dieu te garde.", "Réunion des parents d'élèves samedi à {h}h.",
           "Qui connaît un bon mécanicien vers Bonamoussadi ?", "Le prix du sac de riz est passé à {pay} au marché.",
           "Calendrier du championnat {years} publié par la fédération.",
           "Coupure d'eau prévue demain dans le quartier.",
           "Je vends une moto en bon état, {pay}, appelez le {phone}.", "Culte d'action de grâce dimanche à {h}h.",
           "Boutique de pagnes à Mokolo : nouvel arrivage ! Tél {phone}",
           "Session de rattrapage {years} : les listes sont affichées.",
           "Cherche chambre à louer vers Ngoa-Ekélé, budget {pay}.", "Embouteillage monstre au carrefour ce matin 😩"],
    "en": ["Happy Sunday family, stay blessed.", "Who watched the match yesterday? What a goal!",
           "Our church choir is rehearsing on Thursday at {h}pm.", "Power cut again in Buea since morning 😤",
           "Selling my laptop, still clean, {pay}, call {phone}.", "The {years} academic calendar has been released.",
           "Congratulations to all the graduates of the class of {year}!", "Traffic is heavy at Mile 17 this evening.",
           "Need a reliable plumber in Bamenda, any recommendation?",
           "Fresh tomatoes at a good price, DM or call {phone}."],
    "pcm": ["Rain don fall well well today, road don spoil.", "Who get charger for Tecno make e borrow me?",
            "Today na my birthday o, una wish me.", "Market don cost, fish don reach {pay}."],
    "es": ["Feliz cumpleaños hermana, te quiero mucho ❤️", "El partido de mañana empieza a las {h}.",
           "Vendo nevera en buen estado, {pay}, llamar al {phone}.", "Calendario escolar {years} ya publicado."],
    "pt": ["Parabéns aos finalistas de {year}! 🎉", "Hoje há culto às {h} horas.",
           "Vendo telemóvel usado, {pay}, contacto {phone}.", "Calendário académico {years} já saiu."],
    "ar": ["مبروك للناجحين في الامتحانات 🎉", "مباراة اليوم على الساعة {h}.",
           "أبيع هاتف مستعمل بحالة جيدة، {pay}، الاتصال {phone}.",
           "جدول الموسم الدراسي {years} صدر اليوم."],
}
WARNING = {
    "fr": ["⚠️ ATTENTION ARNAQUE ⚠️ Ce message circule sur WhatsApp : « {quote} » Ne payez rien, c'est faux ! "
           "Signalez-le.",
           "Ma cousine a reçu ce message : « {quote} » Elle a failli payer. Méfiez-vous, partagez pour sensibiliser.",
           "La {employer} n'a jamais lancé ce recrutement. Le numéro {phone} n'est pas le nôtre. "
           "Ne versez aucun franc.",
           "Sensibilisation : si quelqu'un vous demande des frais pour un travail à {city}, c'est une arnaque. "
           "Exemple reçu hier : « {quote} »"],
    "en": ["⚠️ SCAM ALERT ⚠️ This message is going round on WhatsApp: \"{quote}\" Do not pay anything, it's fake! "
           "Report it.",
           "My sister received this message: \"{quote}\" Beware of fake recruiters and share to create awareness.",
           "The {employer} has never advertised this. The number {phone} is not ours. Never send money.",
           "Awareness: if anyone asks you to pay for a job in {city}, it is a scam. Example we received: \"{quote}\""],
    "es": ["⚠️ CUIDADO ESTAFA ⚠️ Este mensaje circula por WhatsApp: «{quote}» ¡No paguen nada, es falso! Denuncien."],
    "pt": ["⚠️ CUIDADO GOLPE ⚠️ Esta mensagem circula no WhatsApp: «{quote}» Não paguem nada, é falso! Denuncie."],
    "ar": ["⚠️ احذروا احتيال ⚠️ هذه الرسالة تنتشر على واتساب: «{quote}» لا تدفعوا أي شيء، بلغوا عنها."],
}
BENIGN_CALLS = [
    ("en", "The {employer} invites applications for its {years} Master's scholarships in Germany. Tuition-free study, "
           "monthly stipend, health insurance. Apply online at {url} before {deadline}. No fees are charged at "
           "any stage.",
     "German Academic Exchange Service (DAAD)", "daad.de/en/study-and-research-in-germany/scholarships/epos-2026"),
    ("fr", "Campus France Cameroun : la procédure Études en France {years} est ouverte. Créez votre dossier sur {url} "
           "avant le {deadline}. Aucun intermédiaire n'est nécessaire, méfiez-vous des faux agents.",
     "Campus France", "cameroun.campusfrance.org/etudes-en-france-2026"),
    ("fr", "Le Ministère de l'Emploi recrute {n} jeunes diplômés pour le programme national de stages {years}. "
           "Dépôt des dossiers dans les délégations régionales ou sur {url} jusqu'au {deadline}. Gratuit.",
     "Ministère de l'Emploi", "minefop.gov.cm/stages-2026"),
    ("en", "The {employer} is recruiting {n} graduate trainees for its {years} programme in Douala and Yaoundé. "
           "Apply via {url} by {deadline}. Shortlisted candidates will be contacted by email.",
     "Cameroon Development Corporation", "cdc-cameroon.net/careers/graduate-trainees"),
]

EMPLOYERS = {
    "fr": ["hôtel 5 étoiles", "centre commercial", "usine de chocolat", "clinique privée", "compagnie de nettoyage",
           "restaurant libanais", "ferme agricole", "famille royale", "agence de mannequins", "chantier naval",
           "entreprise de BTP", "supermarché Carrefour"],
    "en": ["5-star hotel", "shopping mall", "chocolate factory", "private hospital", "cleaning company", "big farm",
           "royal family", "modelling agency", "construction company", "logistics warehouse", "cruise ship"],
    "pcm": ["big hotel", "chocolate company", "private hospital", "cleaning company", "big farm", "rich family",
            "construction company", "supermarket"],
    "es": ["hotel de lujo", "fábrica de fresas", "clínica privada", "empresa de limpieza", "granja", "familia rica",
           "constructora", "restaurante"],
    "pt": ["hotel de luxo", "fábrica", "clínica privada", "empresa de limpeza", "quinta", "família rica",
           "construtora", "restaurante"],
    "ar": ["فندق خمس نجوم", "مركز تجاري", "مصنع", "مستشفى خاص", "شركة تنظيف", "مزرعة", "عائلة ثرية", "شركة بناء"],
}
CITIES = {"fr": ["Dubaï", "Doha", "Riyad", "Koweït", "Varsovie", "Montréal", "Istanbul", "Beyrouth", "Moscou",
                 "Mascate"],
          "en": ["Dubai", "Doha", "Riyadh", "Kuwait City", "Warsaw", "Toronto", "Istanbul", "Beirut", "Moscow",
                 "Muscat"],
          "pcm": ["Dubai", "Qatar", "Saudi", "Kuwait", "Poland", "Canada", "Turkey", "Lebanon", "Russia", "Oman"],
          "es": ["Madrid", "Huelva", "Dubái", "Doha", "Estambul", "Lisboa"],
          "pt": ["Lisboa", "Porto", "Dubai", "Doha", "Luanda", "Istambul"],
          "ar": ["دبي", "الدوحة", "الرياض", "الكويت", "مسقط", "بيروت"]}
ROLES = {"fr": ["serveuses", "femmes de ménage", "chauffeurs", "nounous", "agents de sécurité", "aides-soignantes",
                "ouvriers", "caissières", "cuisiniers"],
         "en": ["waitresses", "housemaids", "drivers", "nannies", "security guards", "nurse aides", "factory workers",
                "cashiers", "cooks"],
         "pcm": ["waitress", "house girls", "drivers", "nanny", "security men", "factory workers", "cooks"],
         "es": ["camareras", "empleadas domésticas", "conductores", "niñeras", "recolectoras", "cocineros"],
         "pt": ["empregadas", "domésticas", "motoristas", "babás", "seguranças", "cozinheiros"],
         "ar": ["نادلات", "عاملات منزليات", "سائقين", "مربيات", "حراس أمن", "طباخين"]}
FOUNDATIONS = {"fr": ["Fondation Mastercard", "Union Européenne", "Banque Mondiale", "Fondation Rotary",
                      "Agence Erasmus"],
               "en": ["Commonwealth Trust", "Mastercard Foundation", "World Bank", "Gates Foundation",
                      "Erasmus Agency"]}
SCHOLARSHIP_PLACES = {"fr": ["France", "Canada", "Belgique", "Allemagne", "Russie", "Chine"],
                      "en": ["Canada", "UK", "USA", "Germany", "Australia", "China"]}
CELEBS = [("Samuel Eto'o", ["samuel_etoo_officiel", "samueletoo.fondation", "etoo_samuel_fdn", "samuel.etoo.giveaway"]),
          ("Charlotte Dipanda", ["charlotte_dipanda_off", "charlottedipanda.fans", "dipanda_charlotte1"]),
          ("Pasteur Camille", ["pasteur_camille_officiel", "pst.camille.ministere", "camille_pasteur_blessing"]),
          ("Vincent Aboubakar", ["aboubakar_vincent10", "vincent.aboubakar.fdn", "v_aboubakar_officiel"]),
          ("Davido", ["davido_giveaway001", "davido.official.fans", "davidoo_foundation"])]
AGGREGATORS = [("opportunites_jeunes_cm", "Opportunités Jeunes CM", "fr"), ("jobs_abroad_naija",
"Jobs Abroad Naija", "en"),
               ("emplois_dubai_qatar_canada", "Emplois Dubaï Qatar Canada 🇨🇦", "fr"),
               ("bourses_etudes_afrique", "Bourses d'Études Afrique", "fr")]
COUNTRY = {"fr": "237", "en": "234", "pcm": "234", "es": "240", "pt": "244", "ar": "971"}
MONTHS = {"fr": "DÉCEMBRE", "en": "DECEMBER", "pcm": "DECEMBER", "es": "DICIEMBRE", "pt": "DEZEMBRO", "ar": "ديسمبر"}
MONEY = {"fr": ("FCFA", " "), "pcm": ("naira", ","), "en": ("naira", ","), "es": ("euros", "."), "pt": ("euros", "."),
         "ar": ("درهم", ",")}
FIRST = ["ange", "brenda", "kevin", "mireille", "joel", "sandrine", "franck", "vanessa", "ibrahim", "aisha", "chidi",
         "ngozi", "emeka", "carla", "joao", "lucia", "pedro", "yasmine", "omar", "fatou", "paul", "clarisse", "boris"]


def make_phone(rng: random.Random, lang: str) -> tuple[str, str]:
    """A fresh number of the campaign's country: (country code, national digits)."""
    code = COUNTRY[lang]
    if code == "237":
        return code, rng.choice("6") + rng.choice("5789") + "".join(rng.choice("0123456789") for _ in range(7))
    if code == "234":
        return code, rng.choice(["803", "806", "813", "816", "703", "706", "903", "906", "810", "814"]) + \
            "".join(rng.choice("0123456789") for _ in range(7))
    if code == "240":
        return code, "222" + "".join(rng.choice("0123456789") for _ in range(6))
    if code == "244":
        return code, "9" + rng.choice("1234") + "".join(rng.choice("0123456789") for _ in range(7))
    return code, "5" + rng.choice("02568") + "".join(rng.choice("0123456789") for _ in range(7))


def spell_phone(rng: random.Random, code: str, nat: str) -> str:
    """One of the ways a number is written in posts."""
    if code == "237":
        g = [nat[0], nat[1:3], nat[3:5], nat[5:7], nat[7:]]
        styles = [f"+237 {' '.join(g)}", nat, f"{nat[:3]}-{nat[3:5]}-{nat[5:7]}-{nat[7:]}", f"wa.me/237{nat}",
                  f"(+237) {nat[:3]} {nat[3:6]} {nat[6:]}", f"00237{nat}", f"{nat[:3]} {nat[3:6]} {nat[6:]}",
                  f"https://wa.me/237{nat}", f"+237{nat}", f"{nat[0]} {nat[1:3]} {nat[3:5]} {nat[5:7]} {nat[7:]}"]
    elif code == "234":
        styles = [f"+234 {nat[:3]} {nat[3:6]} {nat[6:]}", f"0{nat[:3]} {nat[3:6]} {nat[6:]}", f"0{nat}",
                  f"wa.me/234{nat}", f"+234{nat}", f"0{nat[:3]}-{nat[3:6]}-{nat[6:]}",
                  f"https://api.whatsapp.com/send?phone=234{nat}"]
    else:
        styles = [f"+{code} {nat[:3]} {nat[3:6]} {nat[6:]}", f"+{code}{nat}", f"wa.me/{code}{nat}",
                  f"00{code} {nat[:3]} {nat[3:6]} {nat[6:]}", f"(+{code}) {nat}"]
    return rng.choice(styles)


def amount(rng: random.Random, lang: str, low: int, high: int, step: int) -> str:
    unit, sep = MONEY[lang]
    value = rng.randrange(low, high, step)
    return f"{value:,}".replace(",", sep) + " " + unit


class Campaign:
    """One recruiter's lure: its language, slots, fill values, numbers, accounts."""

    def __init__(self, rng: random.Random, cid: str, kind: str, lang: str) -> None:
        self.rng, self.id, self.kind, self.lang = rng, cid, kind, lang
        base = "fr" if lang == "mix" else lang
        self.base = base
        scale = {"fr": (150_000, 900_000, 50_000, 15_000, 90_000, 5_000),
                 "en": (250_000, 900_000, 50_000, 20_000, 150_000, 5_000),
                 "pcm": (250_000, 900_000, 50_000, 20_000, 150_000, 5_000)}.get(base, (900, 3000, 100, 90, 400, 10))
        self.fields = {"employer": rng.choice(EMPLOYERS[base]), "city": rng.choice(CITIES[base]),
                       "role": rng.choice(ROLES[base]), "n": str(rng.choice([5, 10, 12, 15, 20, 25, 30, 40, 50, 100])),
                       "pay": amount(rng, base, *scale[:3]), "fee": amount(rng, base, *scale[3:]),
                       "age": f"{rng.choice([16, 17, 18])}-{rng.choice([25, 28, 30, 35])}",
                       "days": str(rng.choice([3, 5, 7, 10, 14])), "month": MONTHS[base], "years": "2026-2027"}
        if kind == "scholarship":
            self.fields["employer"] = rng.choice(FOUNDATIONS[base])
            self.fields["city"] = rng.choice(SCHOLARSHIP_PLACES[base])
        self.numbers = [make_phone(rng, base) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        pools = SCHOLARSHIP[base] if kind == "scholarship" else JOB[base]
        self.slots = {slot: rng.randrange(len(options)) for slot, options in pools.items()}
        self.order = ["hook", "offer", "perks", "travel", "cond", "fee", "urgency", "contact"]
        if rng.random() < 0.4:
            self.order.remove(rng.choice(["cond", "urgency", "travel"]))
        self.accounts = [f"{rng.choice(FIRST)}_{rng.choice(['jobs', 'recrute', 'agency', 'voyage', 'travel', 'pro'])}"
                         f"{rng.randrange(10, 99)}" for _ in range(rng.choice([1, 2, 3, 4]))]
        self.celeb: tuple[str, list[str]] | None = None

    def pools(self, lang: str) -> dict[str, list[str]]:
        return SCHOLARSHIP[lang] if self.kind == "scholarship" else JOB[lang]

    def text(self, *, edit: bool = True, rewrite: bool = False, number: int | None = None) -> str:
        """One post of the campaign: its template with small edits, or rewritten around the same number."""
        rng, fields = self.rng, dict(self.fields)
        code, nat = self.numbers[rng.randrange(len(self.numbers)) if number is None else number]
        fields["phone"] = spell_phone(rng, code, nat)
        if self.celeb is not None:
            fields["celeb"] = self.celeb[0]
            variants = GIVEAWAY[self.base]
            # Look-alike accounts keep their figure's script: they differ by handle, number and amounts.
            return variants[self.slots["giveaway"]].format(**fields) + \
                (rng.choice([" 🙏🙏", " #blessed", "",
                             " Partagez !" if self.base == "fr" else " Share!"]) if edit else "")
        slots = dict(self.slots)
        order = list(self.order)
        if rewrite:  # another wording of every sentence, same offer and number
            slots = {s: (i + 1 + rng.randrange(len(self.pools(self.base)[s]) - 1)) % len(self.pools(self.base)[s])
                     for s, i in slots.items()}
            rng.shuffle(order)
        elif edit:
            if rng.random() < 0.35:
                slot = rng.choice(order)
                slots[slot] = rng.randrange(len(self.pools(self.base)[slot]))
            if rng.random() < 0.3 and len(order) > 5:
                order.remove(rng.choice([s for s in order if s not in ("offer", "contact")]))
            if rng.random() < 0.3:
                fields["n"] = str(int(fields["n"]) + rng.choice([5, 10, -2]))
        parts = []
        for slot in order:
            lang = self.base
            if self.lang == "mix" and slot not in ("offer",):
                lang = rng.choice(["fr", "en", "pcm"]) if self.kind != "scholarship" else rng.choice(["fr", "en"])
            options = self.pools(lang)[slot]
            filled = dict(fields)
            if lang != self.base:
                filled["month"] = MONTHS[lang]
            parts.append(options[slots[slot] % len(options)].format(**filled))
        sep = rng.choice([" ", "\n", " ", "\n\n"]) if edit else " "
        return sep.join(parts)


def styled(rng: random.Random, text: str, platform: str) -> str:
    """A platform's habits: forwards, hashtags, all caps, emoji, a cut-off."""
    if platform == "whatsapp":
        return rng.choice(["*Transféré plusieurs fois*\n", "Forwarded many times\n", "", "⏩ "]) + text
    if platform == "facebook":
        return text + rng.choice(["\n#emploi #Dubai #job", "\n👉 Partagez pour aider un frère", "\n#jobs #abroad", "",
                                  "\nTaguez vos amis 👇"])
    if platform == "telegram":
        return rng.choice(["📢 ", "✅ ", ""]) + text + rng.choice(["\n\nRejoignez le canal pour plus d'offres", ""])
    if platform == "x":
        return text.replace("\n", " ")[: rng.choice([200, 240, 280, 400])]
    return text


def build(seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    start = datetime(2026, 10, 1, 8, 0)
    posts: list[dict[str, object]] = []
    counter = iter(range(1, 100_000))

    def add(text: str, truth: str, kind: str, lang: str, author: str | None, day: float,
            platform: str, mention: str | None = None) -> None:
        pid = f"s{seed}-{next(counter):04d}"
        posts.append({"id": pid, "text": styled(rng, text, platform), "author_handle": author,
                      "date": (start + timedelta(days=day)).isoformat(timespec="minutes"), "platform": platform,
                      "lang": lang, "kind": kind, "true_campaign": truth or pid, "true_mention": mention})

    platforms = ["facebook", "whatsapp", "telegram", "x", "facebook"]
    langs = ["fr"] * 9 + ["en"] * 6 + ["pcm"] * 4 + ["es"] * 3 + ["pt"] * 3 + ["ar"] * 3 + ["mix"] * 4
    campaigns: list[Campaign] = []
    for k, lang in enumerate(langs):
        kind = "scholarship" if lang in ("fr", "en", "mix") and rng.random() < 0.3 else "job"
        campaigns.append(Campaign(rng, f"camp-{seed}-{k:02d}", kind, lang))
    for k, (celeb, handles) in enumerate(CELEBS):
        c = Campaign(rng, f"give-{seed}-{k}", "job", rng.choice(["fr", "en", "pcm"]) if k < 4 else "en")
        c.celeb = (celeb, handles)
        # Each figure's look-alikes run their own script (two figures' scripts word for word alike
        # would be one campaign to any reader).
        used = {o.slots["giveaway"] for o in campaigns if o.celeb and o.base == c.base}
        c.slots["giveaway"] = rng.choice([v for v in range(len(GIVEAWAY[c.base])) if v not in used]
                                         or range(len(GIVEAWAY[c.base])))
        c.accounts = handles
        campaigns.append(c)

    for c in campaigns:
        t0 = rng.uniform(0, 50)
        size = rng.choice([3, 4, 5, 6, 8, 10, 12, 15, 20])
        for j in range(size):
            # One post in six is rewritten around one of the campaign's numbers (linked by that number only).
            rewrite = j > 0 and rng.random() < 0.17
            number = j % len(c.numbers) if j < len(c.numbers) else None
            kind = "lookalike" if c.celeb else "campaign"
            add(c.text(rewrite=rewrite, number=number), c.id, kind, c.lang, rng.choice(c.accounts),
                t0 + rng.uniform(0, 12), rng.choice(platforms))
        if len(c.numbers) > 1:  # a post carrying two of its numbers ties the rotation together
            text = c.text(number=0) + " / " + spell_phone(rng, *c.numbers[1])
            add(text, c.id, "campaign", c.lang, rng.choice(c.accounts), t0 + rng.uniform(0, 12), rng.choice(platforms))

    # Aggregator pages and groups: each reposts one post of many campaigns, with its own signature.
    job_campaigns = [c for c in campaigns if not c.celeb]
    for handle, name, _lang in AGGREGATORS:
        for c in rng.sample(job_campaigns, rng.choice([8, 10, 12])):
            sig = rng.choice([f"📢 Partagé par {name} — abonnez-vous @{handle}",
                              f"Source : {name} (@{handle}) — plus d'offres sur t.me/{handle}",
                              f"Shared by {name}, follow @{handle} for daily jobs"])
            add(c.text() + "\n\n" + sig, c.id, "aggregator", c.lang, handle, rng.uniform(0, 60), "facebook")

    # Real calls reposted by many: one benign group each.
    for k, (lang, tmpl, employer, url) in enumerate(BENIGN_CALLS):
        truth = f"benign-{seed}-{k}"
        fields = {"employer": employer, "url": url, "years": "2026-2027", "n": str(rng.choice([50, 100, 200])),
                  "deadline": rng.choice(["15/01/2027", "31 January 2027", "le 20 janvier 2027"])}
        for _ in range(rng.choice([5, 7, 9])):
            text = tmpl.format(**fields)
            text = rng.choice(["", "Partagez svp 🙏 ", "Bonne chance à tous ! ", "FYI: ", "Info utile 👉 "]) + text
            add(text, truth, "benign_repost", lang, f"{rng.choice(FIRST)}{rng.randrange(100, 999)}",
                rng.uniform(0, 60), rng.choice(platforms))

    # Warnings: quote a campaign's text or name its number; a mention, never a member.
    for c in rng.sample(campaigns, 22):
        wlang = c.base if c.base in WARNING else "fr"
        quote = c.text(edit=False)
        quote = quote[: rng.choice([120, 180, 260, len(quote)])]
        if c.celeb is None or rng.random() < 0.5:
            code, nat = c.numbers[0]
            fields = dict(c.fields, quote=quote, phone=spell_phone(rng, code, nat))
            if "{phone}" not in quote and rng.random() < 0.5:
                fields["quote"] = quote + " … " + fields["phone"]
            for _ in range(rng.choice([1, 1, 2])):
                text = rng.choice(WARNING[wlang]).format(**fields)
                add(text, "", "warning", wlang, f"{rng.choice(FIRST)}_{rng.randrange(10, 99)}",
                    rng.uniform(0, 60), rng.choice(platforms), mention=c.id)

    # Noise: unrelated posts, some with their own numbers, prices, years and the "2026-2027" range.
    # A sentence with a number or a price, or a long one, is written once (a copy of it would be a
    # repost); a short everyday line ("Happy Sunday family") may be posted by up to three people,
    # who are no campaign.
    for lang, lines in NOISE.items():
        for line in lines:
            for _ in range(1 if "{" in line or len(line) > 44 else rng.choice([1, 1, 2, 3])):
                code, nat = make_phone(rng, lang)
                fields = {"h": str(rng.choice([9, 10, 15, 16, 18])), "pay": amount(rng, lang, 5_000, 250_000, 500),
                          "phone": spell_phone(rng, code, nat), "years": rng.choice(["2026-2027", "2025-2026"]),
                          "year": "2026"}
                add(line.format(**fields), "", "noise", lang, f"{rng.choice(FIRST)}{rng.randrange(1, 9999)}",
                    rng.uniform(0, 60), rng.choice(platforms))

    rng.shuffle(posts)
    posts.sort(key=lambda p: str(p["date"]))
    return posts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "campaigns_stream.jsonl")
    args = parser.parse_args(argv)
    posts = build(args.seed)
    with args.output.open("w", encoding="utf-8") as out:
        for post in posts:
            out.write(json.dumps(post, ensure_ascii=False) + "\n")
    groups = {str(p["true_campaign"]) for p in posts}
    print(f"{len(posts)} posts, {len(groups)} true groups (singletons included) -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
