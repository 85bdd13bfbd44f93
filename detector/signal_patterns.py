"""The signals' pattern tables: for each signal, its regular expressions in fr / en / pcm / es / pt / ar.

Data, not logic, kept apart from `detector.signals` (which compiles and runs them) so that the
phrasings can be reviewed and extended by people who know the languages and the lures without
reading the matching code. Over 500 lines for that reason only: one pattern family per signal
and language, each with the phrasings real posts use. Patterns are written on lower-cased text
with Latin accents folded (see `detector.signals.matchable`); a match never starts inside a word.
"""

from __future__ import annotations

_MONEY = r"(?:momo|mobile money|orange money|m-?pesa|wave|airtel money|western union|mpesa|multicaixa|e-?mola|pix)"
# Countries, towns and crossings of the overland and sea routes (Sahel, Maghreb, Turkey, the Americas,
# the Thai-Myanmar border): "passage par le Niger", "through Libya", "pasando por Marruecos".
_TRANSIT_PLACES = (
    r"(?:niger\b|niamey|agadez|libye|libya|libia|tripoli|sabha|sebha|maroc|morocco|marruecos|marrocos|algérie|"
    r"algeria|argelia|tamanrasset|turquie|turkey|turquía|turquia|istanbul|estambul|tchad|chad\b|chade|soudan|"
    r"sudan|sudão|mauritanie|mauritania|nouadhibou|sahara|saara|désert|desert|desierto|deserto|méditerranée|"
    r"mediterranean|mediterráneo|lampedusa|tunisie|tunisia|túnez|tunísia|égypte|egypt|egipto|egito|mexique|"
    r"mexico|méxico|guatemala|centroamérica|centroamerica|darién|panamá|ecuador|colombia|brazil|brasil|brésil|"
    r"belarus|biélorussie|serbie|serbia|bangkok|thaïlande|thailand|tailandia|tailândia|myanmar|birmanie|"
    r"mae sot|myawaddy)"
)
# Where a crossing leads: "cross to Italy", "pasar a Grecia", "traverser en Espagne".
_CROSSING_TO = (
    r"(?:europe|europa|italy|italie|italia|spain|espagne|españa|espanha|greece|grèce|grecia|grécia|canaries|"
    r"canarias|lampedusa|usa|ee\.? ?uu\.?|estados unidos|états-unis)"
)
# "2 months", "deux mois", "dos meses": a delay counted in months, from two up.
_MONTHS = (r"(?:[2-9]|1[0-9]|two|three|four|five|six|twelve|deux|trois|quatre|cinq|six|douze|dos|tres|cuatro|"
           r"cinco|seis|doce|dois|duas|três|quatro|cinco|seis|doze) (?:months?|mois|meses)")

PATTERNS: dict[str, list[str]] = {
    "upfront_fee": [
        # fr
        r"frais (?:de |d')?(?:dossier|inscription|traitement|visa|transport|formation|réservation|ouverture|"
        r"enregistrement|procédure|assurance|légalisation|visite médicale|caution|candidature|participation)",
        r"(?:payer|verser|envoyer|envoie[rz]?|déposer|régler|réglez|payez|versez|envoyez)\b[^.!?\n]{0,40}"
        r"(?:\d[\d .]*\s?(?:f\s?cfa|fcfa|frs?|xaf|€|\$)|" + _MONEY + r")",
        r"(?:caution|avance|contribution|participation) (?:de |remboursable)",
        r"(?:venez|venir|apporte[rz]?|passez|amène[rz]?) avec[^.!?\n]{0,40}\d[\d .]*\s?(?:mille|k\b|fcfa|frs?\b)",
        # en / pcm
        r"(?:processing|registration|application|admission|visa|form|medical|insurance|handling|clearance|"
        r"booking|onboarding|commitment|refundable) (?:fee|fees|deposit|charge)s?",
        r"(?:pay|send|transfer|deposit)\b[^.!?\n]{0,40}(?:\d[\d,.]*\s?(?:naira|₦|cedis|ksh|usd|fcfa|\$)|"
        r"(?:₦|\$|ksh|gh₵)\s?\d|" + _MONEY + r")",
        r"(?:una|you|wuna) go (?:pay|drop|send)",
        r"(?:send|transfer|deposit|envoyez|envoie[rz]?|envía|envie|ارسل|حول)[^.!?\n]{0,40}(?:btc|bitcoin|usdt|eth\b|"
        r"crypto|بيتكوين)",
        r"(?:drop|pay) (?:small|something|ya|your) (?:money|fee|fees|kobo)",
        # es / pt
        r"(?:tasa|cuota|pago|gastos|costo) (?:de )?(?:inscripción|tramitación|trámite|gestión|visado|visa|"
        r"matrícula|reserva|expediente)",
        r"(?:taxa|custo|pagamento|valor) (?:de )?(?:inscrição|processamento|visto|matrícula|reserva|"
        r"candidatura|processo|documentação)",
        r"(?:deposit(?:ar|e)|pag(?:ar|ue)|envi(?:ar|e))\b[^.!?\n]{0,40}(?:€|\$|euros|dólares|reais|kwanzas|"
        r"meticais|" + _MONEY + r")",
        # ar
        r"رسوم (?:الملف|التسجيل|الفيزا|التأشيرة|المعالجة|التقديم)",
        r"(?:ادفع|دفع|تحويل|حول|ارسل|أرسل)[^.!؟\n]{0,40}(?:درهم|ريال|دولار|دينار|فرنك|يورو)",
    ],
    "travel_provided": [
        r"(?:visa|billet|billets|passeport|voyage|transport|logement)[^.!?\n]{0,40}"
        r"(?:offerts?|gratuits?|pris en charge|payés?|inclus|assurés?|à la charge de)",
        r"(?:prise en charge|paie|paye|offre)[^.!?\n]{0,20}(?:du |le |les )?(?:visa|billet|voyage)",
        r"(?:visa|ticket|flight|air ?ticket|accommodation|travel)[^.!?\n]{0,40}"
        r"(?:provided|free|sponsored|paid|covered|included|dey free|na free)",
        r"(?:free|sponsored|paid) (?:visa|ticket|flight|travel|relocation)",
        r"(?:visado|billete|pasaje|vuelo|alojamiento)[^.!?\n]{0,30}(?:gratis|pagados?|incluidos?|cubiertos?)",
        r"(?:visto|passagem|bilhete|voo|alojamento)[^.!?\n]{0,30}(?:grátis|gratuitos?|pag[oa]s?|incluídos?|cobertos?)",
        r"(?:تأشيرة|الفيزا|فيزا|تذكرة|التذاكر|السكن)[^.!؟\n]{0,30}(?:مجان|مجانية|مدفوعة|على حساب|مضمونة)",
    ],
    "no_qualification": [
        r"(?:aucun|sans|pas (?:de|besoin de?)) (?:diplôme|expérience|qualification|niveau|cv)",
        r"(?:diplôme|expérience) (?:non (?:exigée?|requise?)|pas (?:exigée?|nécessaire))",
        r"no (?:experience|certificate|degree|diploma|qualification|cv)s? (?:needed|required|necessary)",
        r"(?:experience|certificate|degree|school)[^.!?\n]{0,15}(?:not (?:needed|required)|no (?:matter|need))",
        r"no need (?:for |of )?(?:experience|certificate|school|degree|english|ielts)",
        r"sin (?:experiencia|título|estudios)|no se (?:requiere|necesita) experiencia",
        r"sem (?:experiência|diploma|formação)|não (?:é )?(?:precisa|necessário|exigida?) (?:de )?experiência",
        r"(?:بدون|بلا|لا يشترط|لا تشترط|دون) (?:خبرة|شهادة|مؤهل)",
    ],
    "unrealistic_pay": [
        r"(?:salaire|rémunération|payé|gagne[rz]?)[^.!?\n]{0,30}\d[\d .]{5,}\s?(?:fcfa|f\s?cfa|frs|xaf)",
        r"(?:salaire|salary|pay|earn|salario|salário|راتب)[^.!?\n]{0,25}(?:€|\$|usd|euros?)\s?[1-9][\d,. ]{3,}",
        r"(?:salaire|salary|pay|earn|salario|salário|gan(?:a|ar)|راتب)[^.!?\n]{0,25}[1-9][\d,. ]{3,}\s?"
        r"(?:€|\$|usd|euros?|dollars?|dólares|reais|درهم|ريال|دولار)",
        r"(?:earn|make|gagner|ganar|ganhar)[^.!?\n]{0,20}(?:weekly|per week|par semaine|por semana|daily|par jour)",
        r"(?:salaire|salary|pay) (?:très )?(?:attractif|élevé|juteux|mouth-?watering|huge|fat|big)",
    ],
    "urgency": [
        r"\burgent\w*|places? (?:limitées?|restantes?)|derni(?:er|ère)s? (?:délai|places?|chance)|départ imm[ée]diat|"
        r"ne ratez pas|dépêchez|vite\b|avant (?:ce soir|demain)|il reste (?:seulement )?\d+ places?",
        r"limited (?:slots?|spaces?|places?|seats?)|hurry|last chance|deadline (?:is )?(?:today|tomorrow)|"
        r"only \d+ (?:slots?|places?|spaces?) left|asap|don'?t miss|first come,? first served|fast fast",
        r"plazas? limitadas?|últimas plazas|urgente|date prisa|no (?:te )?lo pierdas",
        r"vagas? limitadas?|últimas vagas|corre\b|não perca|imediato",
        r"عاجل|الأماكن محدودة|فرصة لا تعوض|آخر أجل|بسرعة",
    ],
    "private_contact": [
        r"(?:écri(?:re|vez|s)|contacte[rz]?|joindre)[^.!?\n]{0,25}(?:en privé|en inbox|inbox|pv|whatsapp uniquement)",
        r"\binbox\b|\bdm\b|en privé|en pv\b|whatsapp (?:uniquement|seulement|only)|"
        r"(?:only|strictly) (?:on |via |through )?whatsapp|\bpm me\b|message me privately|chat me up",
        r"wa\.me/|chat\.whatsapp\.com|t\.me/",
        r"(?:por|al) privado|escríbeme al whatsapp|solo (?:por )?whatsapp",
        r"(?:no|chama no|manda) privado|inbox|só (?:pelo|por) whatsapp",
        r"(?:راسلني|راسلونا|تواصل)[^.!؟\n]{0,15}(?:خاص|الخاص|واتساب|واتس)|على الخاص",
    ],
    "passport_request": [
        r"(?:copie|photo|scan)[^.!?\n]{0,15}(?:du |de (?:votre |ton )?|de la )?"
        r"(?:passeport|cni|carte d'identité|pièce)",
        r"(?:envoyer|envoyez|déposer|remettre|apportez)[^.!?\n]{0,25}(?:passeport|cni|pièce d'identité)",
        r"(?:send|submit|bring|scan)[^.!?\n]{0,25}(?:passport|international passport|national id|nin|bvn)",
        r"(?:copy|photo|scan|data page) of (?:your |the )?(?:international )?passport",
        r"(?:copia|foto)[^.!?\n]{0,15}(?:del |de tu )?(?:pasaporte|dni)|(?:cópia|foto)[^.!?\n]{0,15}(?:do |de )?"
        r"(?:passaporte|bi\b|bilhete de identidade)",
        r"(?:صورة|نسخة)[^.!؟\n]{0,10}(?:جواز|الجواز|البطاقة)",
    ],
    "targeting": [
        r"jeunes? (?:filles?|femmes?|dames?)|(?:filles?|femmes?|dames?) (?:de|entre) \d{2}|\d{2} (?:à|-) \d{2} ans|"
        r"célibataires?|bonne présentation|belle (?:fille|femme)|de teint clair",
        r"young (?:ladies|girls|women|lady)|(?:girls|ladies|women) (?:aged|between|from) \d{2}|"
        r"\d{2} ?(?:-|to) ?\d{2} ?(?:years|yrs)|single (?:ladies|girls)|(?:fine|pretty|beautiful) (?:girls|ladies)",
        r"chicas|mujeres jóvenes|señoritas|entre \d{2} y \d{2} años|moças|meninas|raparigas|"
        r"mulheres jovens|entre \d{2} e \d{2} anos",
        r"فتيات|بنات|شابات|سيدات|من \d{2} (?:إلى|الى) \d{2} سنة",
    ],
    "hidden_employer": [
        r"(?:une|notre) (?:grande )?(?:entreprise|société|structure|agence) (?:partenaire|basée|étrangère|"
        r"internationale)|(?:un|notre) (?:client|partenaire) (?:basé|à\b)|employeur (?:discret|confidentiel)",
        r"(?:a|our) (?:reputable|big|well[- ]known|reliable|international) (?:company|firm|client|organi[sz]ation)|"
        r"(?:company|employer) name (?:will be|is) (?:disclosed|given|revealed)|(?:my|our) (?:oga|client) for",
        r"una empresa (?:reconocida|importante|internacional|extranjera)|empresa (?:parceira|internacional|"
        r"estrangeira|renomada)",
        r"شركة (?:كبرى|كبيرة|عالمية|معروفة|خليجية)",
    ],
    "official_claim": [
        r"programme (?:officiel|gouvernemental|du gouvernement)|gouvernement (?:canadien|français|allemand|"
        r"américain|britannique|russe)|agréée? par (?:le|l')|approuvée? par|sous le haut patronage|"
        r"ambassade|ministère|officiel(?:le)?\b",
        r"(?:government|official|federal|embassy|ministry)[- ](?:approved|sponsored|programme|program|backed|"
        r"certified|accredited)|approved by (?:the )?(?:government|embassy|ministry|un\b|unicef)|"
        r"official (?:recruitment|programme|program|agent|partner)",
        r"programa oficial|gobierno de|aprobado por|programa do governo|aprovado pelo|oficial\b",
        r"برنامج رسمي|الحكومة|معتمد من|السفارة|الوزارة",
    ],
    "celebrity_giveaway": [
        r"(?:ma|notre) fondation[^.!?\n]{0,40}(?:offre|donne|aide|finance|recrute|sélectionne)|"
        r"je (?:offre|donne|vais aider|choisis)[^.!?\n]{0,30}(?:mes fans|abonnés|jeunes|\d+ personnes)",
        r"(?:my|our) foundation[^.!?\n]{0,40}(?:is giving|offers?|will (?:pay|sponsor|help|give))|giveaway|"
        r"i (?:am|'m) giving (?:out|away)|(?:lucky|selected) (?:fans?|winners?|followers?)|"
        r"claim (?:your|ya) (?:prize|reward|grant)|you (?:have been|were) selected",
        r"sorteo|regalo para mis seguidores|mi fundación|sorteio|minha fundação|ganhador(?:es)?|"
        r"(?:você|voce) foi selecionad[oa]",
        r"مؤسستي|هدية (?:لمتابعي|للمتابعين)|تم اختيارك|مسابقة",
    ],
    "guaranteed_outcome": [
        r"(?:visa|emploi|admission|bourse)[^.!?\n]{0,20}garanti(?:e|s)?|100 ?% (?:garanti|sûr|guaranteed)|"
        r"(?:guaranteed|assured) (?:visa|job|admission|placement|approval)|(?:visa|job)[^.!?\n]{0,15}guaranteed",
        r"garantizad[oa]|garantid[oa]|مضمون|مضمونة",
    ],
    # Trafficking-risk indicators (ILO forced-labour indicators): red flags too. Each names who keeps
    # what ("l'employeur garde le passeport"), so "vous gardez votre passeport" or "the worker keeps
    # their passport" is not one.
    "document_retention": [
        # fr
        r"(?:employeur|patron(?:ne)?|agence|agent|madame|famille|sponsor|kafil|garant|société|entreprise|bureau|"
        r"recruteur|intermédiaire|coordonnateur|coordinateur|club|académie|direction|directeur|école|clinique|chef|"
        r"responsable|superviseur|rh|nous|on)(?: [a-z]{3,12})? (?:vous |te |lui |leur |nous |m')?(?:va |vont |allons |"
        r"doit |doivent |a |ont |avait |avaient )?(?:garde(?:ra|ront|nt|r)?|gardons|gardé|conserve(?:ra|ront|nt|r)?|"
        r"conservons|retien(?:t|dra|nent|dront)|confisqu(?:e|era|ent|er|é)|pris|prend(?:ra|re)?|récupère(?:ra|r|nt)?|"
        r"récupérons|ramasse(?:ra|nt)?) (?:le |les |ton |ta |votre |vos |son |sa |ses |leur |leurs |mon |ma |"
        r"mes )?(?:passeports?|pièces? d'identité|cartes? d'identité|cni|papiers)",
        r"(?:il|elle|ils|elles) (?:vous |te |lui |leur |m')?(?:va |vont |a |ont )?(?:garde(?:ra|ront|nt)?|"
        r"conserve(?:ra|nt)?|retien(?:t|nent)|confisqu(?:e|ent|é)|pris|prend) (?:le |les |ton |ta |votre |vos |leur |"
        r"leurs |mon |ma |mes )?(?:passe?ports?|pièces? d'identité|cartes? d'identité|cni|papiers)",
        r"passeports?[^.!?\n]{0,20}(?:il|elle|ils|elles|on|nous|le patron|la patronne|madame) (?:vous |te )?(?:le |"
        r"les )(?:garde|gardent|gardera|conserve|conservent|retient|prend)",
        r"(?:passeports?|papiers|pièces? d'identité|cartes? d'identité)(?: originaux| original)? (?:sera |seront |"
        r"est |sont )?(?:gardée?s?|conservée?s?|retenue?s?|confisquée?s?|confiée?s?|remise?s?|déposée?s?|reste|restent|"
        r"restera|resteront) (?:par|chez|à|au|aux|avec|entre les mains)\b(?! vous)(?! toi)(?! l'ambassade)"
        r"(?! l'intéressée?)(?! leur)(?! son)",
        r"passeports?[^.!?\n]{0,25}(?:pour (?:votre |ta |sa |leur )?sécurité|pour éviter les (?:fugues|fuites))",
        r"(?:remettre|déposer|confier|laisser|remettez|déposez|confiez|laissez|donner|donnez) (?:le |les |ton |votre |"
        r"vos |leur |leurs )?passeports?(?: originaux| original)? (?:au |à l'|à la |chez (?:l'|le |"
        r"la )?)(?:coordonnateur|agence|agent|bureau|patron|patronne|employeur|recruteur|intermédiaire|responsable|"
        r"sponsor|club|académie|secrétaire|directeur)",
        # en / pcm
        r"(?:employers?|agents?|agency|agencies|madam|madame|oga|sponsor|kafeel|boss|company|family|factory|office|"
        r"recruiter|aunty|auntie|organi[sz]ation|institute|school|academy|club|director|coordinator|supervisor|hr|"
        r"owner|coach|secretary|driver|husband|landlord|hotel|clinic|management|coordinateur|il|elle|ils|we|they|"
        r"dem)(?:'ll |'d | (?:will |would |go |dey |don |must |shall |always |usually |just |then |also |va |"
        r"vont ){0,2})(?:keep|keeps|kept|hold|holds|held|retain|retains|retained|take|takes|took|collect|collects|"
        r"collected|confiscate|confiscates|confiscated|seize|seizes|seized) (?:your |my |her |his |their |our |the |"
        r"all |all the |workers'? |una |ya |ton |ta |votre |vos |le |les |leur |leurs )?(?:international |travel |"
        r"original )?(?:passports?|id cards?|papers|travel documents|identity documents|residence cards?)",
        r"(?:she|he) (?:will |'ll |go |dey |don |always |usually )?(?:keep|keeps|kept|hold|holds|held|retain|retains|"
        r"take|takes|took|collect|collects|collected|confiscate|confiscated|seize|seized) (?:your |my |our |the |una |"
        r"ya |all )?(?:international |original )?(?:passports?|id cards?|papers)",
        r"(?<!you )(?<!i )(?:will|would|shall) (?:keep|hold|retain|collect|take|confiscate) (?:your|ya|una|all|"
        r"all the|the|their|her|his)(?: international| original)? passports?|\be (?:go |dey |don )(?:keep|hold|collect|"
        r"take|seize) (?:their|her|your|una|ya|the|all)(?: international| original)? (?:passports?|id cards?|papers)|"
        r"passports?[^.!?\n]{0,30}(?:he|she|they|we|dem|oga|madam|agent|boss|sponsor) (?:will |'ll |go |dey |"
        r"would )?(?:keep|keeps|hold|holds|take|takes) (?:it|am|them)\b",
        r"passports?[^.!?\n]{0,25}(?:for (?:safe ?keeping|safety|security|your (?:own )?safety)|to (?:avoid|"
        r"prevent) (?:absconding|running away|escape))",
        r"(?:passports?|papers|id cards?) (?:will |go |must |shall |would |is |are )?(?:be )?(?:kept|held|retained|"
        r"remain|remains|stay|stays|dey)(?: safe)? (?:by|with|at) (?:the |your |our |una |"
        r"their )?(?:[a-z]{3,12} )?(?:employer|agent|agency|madam|oga|sponsor|us\b|company|office|boss|family|"
        r"recruiter|hr|director|coordinator|school|academy|club|owner|factory|farm)",
        r"(?<!never )(?<!not )(?<!n't )(?<!or )(?:surrender|hand over|handover|give|leave|drop) (?:your |the |all |"
        r"all the |una |ya |their )?(?:international |original )?passports? (?:to|with) (?:the |our |your |a |"
        r"their )?(?:[a-z]{3,10} )?(?:agent|agency|sponsor|employer|madam|oga|company|office|boss|recruiter|"
        r"coordinator|secretary|director|academy|club|driver|us\b)|(?<!never )(?<!not )(?<!n't )(?<!or )(?:surrender|"
        r"hand over|handover) (?:the |your |una |their |all )?(?:international |original )?passports?",
        # es
        r"(?<!trabajador )(?<!trabajadora )(?<!trabajadores )(?<!usted )(?<!ustedes )(?<!tú )(?<!no )(?<!nunca )"
        r"(?<!nadie )(?<!puede )(?<!pueden )(?:se |le |te |les |nos |os )?(?:va a |van a |vamos a )?(?:guarda(?:rá|rán|"
        r"n|mos|r)?|(?:se )?queda(?:rá|rán|n|mos|rse)? con|retiene|retienen|retendrá|retenemos|quita(?:rá|n|ron|r)?|"
        r"quitó|recoge(?:rá|n|r)?|conserva(?:rá|n|r)?|custodia|confisca(?:rá|n|r)?) (?:el |tu |su |los |sus |vuestro |"
        r"vuestros )?(?:pasaportes?|dni|documentos|papeles|cédula)(?! propio)",
        r"(?<!no )(?<!nunca )(?:me|te|le|les|nos|os) (?:quitaron|quitan|quitó|quitarán|retiraron|retiran|retirarán|"
        r"retuvieron|retienen|confiscaron) (?:el |los |su |sus |mi |mis |tu |tus )?(?:pasaportes?|documentos|papeles|"
        r"dni)",
        r"(?:dejar|entregar|deje|entregue|dejen|entreguen) (?:el |tu |su |sus |los )?(?:pasaportes?|"
        r"documentos)(?: originales| original)? (?:en la oficina|en la agencia|al (?:agente|patr[oó]n|empleador|jefe|"
        r"entrenador|club)|a la (?:agencia|empresa|familia|señora|patrona|academia)|con (?:la agencia|el agente|"
        r"nosotros|la señora))",
        r"(?:pasaportes?|documentos|papeles) (?:se (?:queda|quedará|quedan)|queda(?:rá|n)?|(?:será|serán|está|"
        r"están) (?:guardados?|retenidos?|custodiados?)) (?:en|con|por) (?:el |la |los )?(?:empleador|patr[oó]n|"
        r"patrona|agencia|agente|empresa|familia|oficina|señora|jefe|nosotros|academia|club)",
        r"pasaportes?[^.!?\n]{0,25}(?:por (?:tu |su )?seguridad|para que no (?:te escapes|se escapen|se pierda))|"
        r"(?:pasaportes?|documentos) (?:te |se )?(?:lo|los) (?:tiene|tienen|guarda|guardan) (?:ella|él|ellos|la señora|"
        r"la agencia|el patr[oó]n|la patrona|la familia)",
        # pt
        r"(?:patr[aã]o|patroa|empregador(?:a|es)?|agência|agente|empresa|família|senhora|escritório|intermediário|"
        r"recrutador|escola|capataz|director|diretor|coordenador|clube|academia|nós|eles|"
        r"elas)(?: [a-z]{3,12})? (?:vai |vão |irá |vamos |quer |querem )?(?:fica(?:r|rá|m)? com|guarda(?:r|rá|m)?|"
        r"ret[ée]m|reter|tira(?:r|m)?|recolhe(?:r|m)?|confisca(?:r|m)?|segura(?:r|m)?) (?:(?:o|a|os|as|teu|tua|seu|sua|"
        r"vosso|meu|nosso) ){0,2}(?:passaportes?|documentos|bi\b|bilhete de identidade|papéis)",
        r"(?<!não )(?<!nunca )(?:querem ficar com|tiraram|tiram|retiraram|retiram|confiscaram|levaram|"
        r"ficaram com)(?:-(?:me|nos|lhe|lhes))? (?:(?:o|a|os|as|teu|seu|sua|meu|nosso|nossos) ){0,2}(?:passaportes?|"
        r"documentos|bi\b)",
        r"(?:passaportes?|documentos|papéis)[^.!?\n]{0,15}(?:fica|ficam|ficará|ficarão|vai ficar|vão ficar|(?:é|são|"
        r"fica|ficam) (?:guardados?|retidos?)) (?:com|na|no|pel[oa]) (?:o |a )?(?:patr[aã]o|patroa|empregador|agência|"
        r"agente|empresa|família|senhora|escritório|escola|ela\b|ele\b|eles\b|elas\b)",
        r"(?:entregar|deixar|entregue|deixe|entreguem|deixem) (?:o |os |seu |teu |sua )?(?:passaportes?|"
        r"documentos)(?: originais| original)? (?:ao |à |na |no |com o |com a )(?:agente|agência|patr[aã]o|patroa|"
        r"empresa|escritório|senhora|obreiro|responsável|recrutador|clube|academia)",
        r"passaportes?[^.!?\n]{0,25}(?:por segurança|para (?:tua |sua )?segurança|para não (?:fugir|fugires))",
        # ar (also Maghrebi and Sudanese: الباسبور كيبقى عندو, الجواز بنمسكو عندنا)
        r"(?<!العامل )(?<!العاملة )(?<!العمال )(?<!انت )(?<!الحق في )(?:ب|س|ك)?(?:ي|ت|ن)?(?:حتفظ|حفظ|مسك|حجز|سحب|صادر|"
        r"ستلم|شيل|اخذ|اخد)(?:ها|ه|و|وا|وه|ون)?[^.!؟\n]{0,20}(?:جواز|الجوازات|باسبور|الوثائق|الأوراق|أوراق)|(?:شال|"
        r"شالت|شالوا|شالو|أخذ|أخذت|أخذوا|اخدو|سحب|سحبت|سحبوا|صادر|صادرت|صادروا|حجز|حجزت|حجزوا)[^.!؟\n]{0,12}(?:جواز|"
        r"الجوازات|باسبور|الوثائق|الأوراق)",
        r"(?:جواز|الجوازات|باسبور|الوثائق|الأوراق)[^.!؟\n]{0,12}(?:شالوه|شالوا|(?:ب|ك|س)?(?:ي|ت|ن)(?:حتفظ|حفظ|مسك|حجز|"
        r"سحب)|نمسك|بنمسك|عندنا|(?:يبقى|يبقا|كيبقى|بيبقى|يقعد|بيقعد|يظل|يكون|بيكون) (?:عند|معا|لدى)|عند الكفيل|"
        r"عند المكتب|عند الشركة|عند صاحب العمل|مع الكفيل|لدى الكفيل|لدى المكتب|لدى الشركة|لدى صاحب العمل)",
        r"(?:جواز|الجوازات|باسبور)[^.!؟\n]{0,25}(?:عشان الأمان|للأمان|لحمايتك|لسلامتك|حتى لا تهرب|عشان ما تهرب|"
        r"pour la sécurité)",
    ],
    "withheld_wages": [
        # fr
        r"(?:payée?s?|versée?s?|réglée?s?|reçu|toucherez|toucherai|touchez|touches|percevrez|recevrez|payerons|"
        r"paierons|verserons|paye|paie|salaires?|rémunération)[^.!?\n]{0,25}(?:à la fin (?:du|de (?:votre |ton |son |"
        r"leur )?)(?:contrat|saison|campagne|récolte|année)|en fin de (?:contrat|saison)|au terme du contrat|"
        r"qu'à la fin|au retour|à votre retour|à la fin(?! du mois)(?! de chaque)(?! de la semaine)(?! de la journée)|"
        r"après " + _MONTHS + r"(?! d'essai)|tous les " + _MONTHS + r")",
        r"(?:premier mois|premiers mois|\d (?:premiers )?mois|(?:deux|trois|quatre|six) (?:premiers )?mois|"
        r"premiers? salaires?)(?: de salaire)?[^.!?\n]{0,25}(?:l'agence|l'agent|le bureau|le recruteur|l'intermédiaire|"
        r"le passeur|no salary|no pay|on ne (?:me |te |vous |lui )?pa(?:y|i)e pas|sans (?:salaire|être payée?s?|paye|"
        r"paie)|pas de salaire|ne (?:touche|touches|touchez|reçoi[st]|recevez) (?:pas|rien))",
        r"ne (?:touche|touches|touchez|touchons|touchent) pas (?:de |le |son |ton |votre |leur )?salaire|(?:salaires?|"
        r"paie|argent) (?:des (?:\d|deux|trois|quatre|six) premiers mois )?(?:sera |seront |est |sont )?(?:gardée?s?|"
        r"conservée?s?|bloquée?s?|retenue?s?|épargnée?s?|mis de côté) (?:par|pour|chez|jusqu'à|comme)",
        r"(?:employeur|patron(?:ne)?|madame|agence|famille|nous|il|elle|ils|elles|on) (?:vous |te |"
        r"lui )?(?:garde(?:ra|nt)?|gardons|conserve(?:ra)?|bloque(?:ra)?|retient|retiendra) (?:le |votre |ton |vos |"
        r"leur |tes )?(?:salaires?|paie)",
        # en / pcm
        r"(?:paid|pay you|pay una|pay|pay comes|receive|collect|get|salary|salaries|"
        r"wages?)[^.!?\n]{0,20}(?:at the end of (?:the |your |ya )?(?:\d{1,2}-month |[a-z]{3,10} )?(?:contract|season|"
        r"harvest|year)|(?:when|after|till|until) (?:the |your |ya )?contract (?:ends|end|finish(?:es)?|is over|"
        r"expires|don finish)|when you (?:return|come back)|on your return)|pay na end of (?:the )?(?:year|contract|"
        r"season)|(?:salary|money|pay) go gather|collect (?:all|everything|am)(?: one time)? (?:for|"
        r"at) (?:the )?end of",
        r"(?:paid|pay you|pay una|be paid|get paid|receive (?:your |ya )?(?:salary|pay|money)|salary|"
        r"wages?)(?: will be| go| is)?(?: paid)? (?:only )?(?:after|every|once every) " + _MONTHS + r"|(?:salary|pay|"
        r"paid|wages?)[^.!?\n]{0,40}(?:every|once every|each) (?:" + _MONTHS + r"|(?:[2-9]|two|three|six)[- ]month)",
        r"first (?:\d |one |two |three |four |six )?(?:month'?s?'?|months'?) (?:salary|salaries|pay|"
        r"wages?)[^.!?\n]{0,30}(?:agent|agency|office|recruiter|sponsor|oga|cover|covers|go to|goes to|paid to)|"
        r"(?:salary|salaries|wages?|pay) (?:for|of) (?:the )?first (?:\d |one |two |"
        r"three )?months?[^.!?\n]{0,30}(?:agent|agency|office|recruiter|sponsor|oga)|first (?:\d |one |two |three |"
        r"four |six )?months?[^.!?\n]{0,20}(?:no (?:go )?collect|without (?:pay|salary)|no salary|no pay|unpaid|"
        r"for free)",
        r"(?:salary|salaries|wages?|money|pay) (?:will be |go |is |are |was |were )?(?:kept|held|saved|withheld|"
        r"dey with) (?:for|by|with|until|till)|(?:employer|madam|oga|agent|agency|sponsor|boss|company|family|we|they|"
        r"dem|she|he)(?:'ll | (?:will |go |dey |would )?)(?:keep|keeps|hold|holds|withhold|withholds|save|"
        r"saves) (?:your |ya |una |the |all |my |her )?(?:salary|salaries|wages?|pay)",
        # es
        r"(?:pag(?:a|an|amos|ará|arán|ado|ada)|cobra(?:s|rás|n)?|recib(?:e|es|irás|irá)|salario|"
        r"sueldo)[^.!?\n]{0,25}(?:al (?:final|término) del contrato|al terminar el contrato|cuando (?:termine|acabe|"
        r"termines|acabes) (?:el |tu |su )?contrato|al regresar|a (?:tu|su) regreso|al final de (?:los \d{1,2} meses|"
        r"la temporada|la obra|la cosecha|la campaña|el año|(?:los|las) (?:\d{1,2}|dos|tres) (?:meses|años)))|"
        r"(?:pag(?:a|an|amos|ará|arán)|cobra(?:s|rás|n)?|salario|sueldo)(?: se paga| se pagará)? (?:después de|tras|"
        r"a los|cada) " + _MONTHS + r"|se cobra todo al final",
        r"(?:primer(?:os)? (?:\d |dos |tres |cuatro )?mes(?:es)?|\d primeros meses|(?:dos|tres|cuatro) primeros meses|"
        r"primer sueldo|primeros sueldos)(?: de (?:sueldo|salario))?[^.!?\n]{0,25}(?:agencia|agente|oficina|"
        r"intermediario|reclutador|sin cobrar|sin sueldo|sin salario|no (?:se )?cobra)",
        r"(?:salario|sueldo|dinero) (?:se (?:guarda|retiene|queda)|(?:será|es|queda) (?:guardado|retenido))|"
        r"(?:empleador|patr[oó]n|patrona|señora|agencia|familia|nosotros) (?:te |le |les )?(?:guarda(?:rá)?|retiene|"
        r"retendrá) (?:el |tu |su )?(?:salario|sueldo|dinero)|(?:sueldo|salario)[^.!?\n]{0,30}(?:te|se) lo (?:guardan|"
        r"guarda|guardamos|retienen)",
        # pt
        r"(?:pag(?:o|a|am|amos|ará|os)|receb(?:e|es|em|erá|erás)|salário|ordenado|"
        r"dinheiro sai)[^.!?\n]{0,25}(?:no fim do contrato|no final do contrato|ao fim do contrato|quando (?:acabar|"
        r"terminar) o contrato|no regresso|quando voltar(?:es)?|no fim d[ao] (?:colheita|temporada|época|campanha|"
        r"ano))|(?:pag(?:o|a|am|amos|ará|os)|receb(?:e|es|em|erá|erás)|salário|ordenado) (?:só )?(?:depois de|após|"
        r"ao fim de|de) " + _MONTHS + r"(?: em| a)?",
        r"(?:primeiros? (?:\d |dois |três |quatro |seis )?m[eê]s(?:es)?|\d primeiros meses|(?:dois|três|quatro|"
        r"seis) primeiros meses|primeiro salário|primeiros salários)(?: de salário)?[^.!?\n]{0,25}(?:agência|agente|"
        r"escritório|intermediário|recrutador|sem receber|sem salário|sem ordenado)",
        r"(?:salário|ordenado|dinheiro) (?:fica (?:guardado|retido)|é (?:guardado|retido)|ficará (?:guardado|retido))|"
        r"(?:patr[aã]o|patroa|empregador|agência|senhora|família|empresa) (?:vai )?(?:guarda(?:r)?|ret[ée]m|reter|"
        r"fica com) (?:o |teu |seu )?(?:salário|ordenado|dinheiro)",
        # ar
        r"(?:الراتب|الرواتب|المعاش|الماهية|المرتب|راتبك|راتبها|الخلصة|المكافأة|الفلوس|القروش)[^.!؟\n]{0,25}(?:(?:في|"
        r"عند|بعد) (?:نهاية|انتهاء|آخر) (?:العقد|السنة|السنتين|الموسم)|آخر (?:العقد|السنة|السنتين|الموسم)|بعد الموسم|"
        r"[\u0600-\u06ff]{0,3}حفظ|بعد \d{1,2} (?:أشهر|شهور)|بعد (?:شهرين|ثلاثة أشهر|ثلاث شهور|ستة أشهر|سنة)|عند الرجوع|"
        r"لما ترجع|(?:ب|ي|ت)?(?:تتحفظ|يتحفظ|محفوظة|محفوظ|يجمع|يُجمع|بيتجمع|تتجمع|بيتحوش|يتحوش|متحوش)|محجوز|محتجز|"
        r"عند الكفيل|عند المدام|عند المكتب|عند الشركة)",
        r"(?:راتب|رواتب|معاش|ماهية|مرتب) (?:ال)?(?:شهر|شهرين|أشهر|شهور) (?:ال)?(?:أول|أولى|الأول|الأولى|"
        r"الأولين)[^.!؟\n]{0,20}(?:للمكتب|للوكالة|للوكيل|للكفيل|للسمسار|المكتب|الوكالة)|(?:الكفيل|المكتب|صاحب العمل|"
        r"المدام|الشركة|العائلة|الأسرة) (?:ي|ت)(?:حتفظ|حجز|مسك)[^.!؟\n]{0,10}(?:راتب|رواتب|المعاش|الماهية|الفلوس)|"
        r"[\u0600-\u06ff]{0,3}حفظ[^.!؟\n]{0,12}(?:الراتب|الماهية|المعاش|المرتب)|bla khl?ass?\b",
    ],
    "debt_bondage": [
        # fr: costs advanced, then taken back from the wages
        r"(?<!aucun )(?<!sans )(?:billets?|voyage|visas?|frais|dettes?|avances?|transport|prêt|somme|montant|"
        r"remboursement)[^.!?\n]{0,40}(?<!pas )(?<!jamais )(?:déduite?s?|prélevée?s?|remboursée?s?|défalquée?s?|"
        r"retirée?s?|récupérée?s?|rembourser|rembourserez|remboursez|rembourses|rembourse|déduire|déduirons|prélever|"
        r"prélèverons|retirer|retirerons|retenue?s?)[^.!?\n]{0,20}(?:sur|de|du|à partir de|avec|par) (?:votre |vos |"
        r"ton |tes |ta |le |les |leur |leurs |son |ses |sa )?(?:premiers? |\d premiers )?(?:salaires?|paie|paies|"
        r"payes?|rémunération|mois de travail|gains|retenue)",
        r"(?:billets?|voyage|visas?|frais|transport) (?:est |sont |sera |seront )?(?:avancée?s?|prêtée?s?|"
        r"préfinancée?s?)\b|(?:nous |l'agence |l'employeur |on |il |elle |le patron |la patronne |l'académie |"
        r"le cabinet |le centre )(?:vous |te |lui )?(?:avance|avançons|avancera|prête|prêtons|prêtera) (?:les |le |la |"
        r"l'|vos |votre |ton |ta )?(?:frais|billet|argent|voyage|visa|transport|inscription|scolarité|cours|"
        r"première année)",
        r"caution[^.!?\n]{0,30}(?:remboursable|de garantie|pour (?:réserver|garder|bloquer|sécuriser) (?:votre |"
        r"ta )?place)|(?:dépôt|garantie) (?:de garantie )?(?:remboursable|pour (?:réserver|garder|bloquer|"
        r"sécuriser) (?:votre |ta )?place)",
        r"(?:prêt|crédit|emprunt) (?:pour|de) (?:le |votre |ton )?(?:voyage|billet|visa|départ)|(?:rembourser|payer|"
        r"éponger) (?:la |ta |votre |une |sa |leur )?dette|rembourse\w{0,4}[^.!?\n]{0,30}en travaillant|travaill(?:e|"
        r"es|ez|ent|er) (?:d'abord )?pour (?:rembourser|payer)|pour (?:se )?rembourser|(?:retient|retiendra|"
        r"retenu) sur (?:tes|vos|ton|votre|ses|son) (?:gains|salaires?|paie)|sinon (?:on|vous|tu) rembourse(?:z|"
        r"s)? tout",
        # en / pcm
        r"(?<!no )(?:ticket|flight|visa|fee|fees|cost|costs|expenses|loan|debt|advance|transport|money|"
        r"fare)[^.!?\n]{0,30}(?<!not )(?<!never )(?<!n't )(?<!not be )(?:deducted|recovered|repaid|paid back|refunded|"
        r"removed|taken|cut)\b[^.!?\n]{0,15}(?:from|out of|with)[^.!?\n]{0,25}\b(?:salary|salaries|wages?|pay|paycheck|"
        r"earnings|allowance|earn)\b",
        r"(?<!not )(?<!never )(?<!n't )(?:deduct|deducts|recover|recovers|cut|remove|collect|take|takes|pay back|"
        r"repay|refund) (?:it|am|them|the (?:cost|money|fee|fees|ticket|balance|loan|debt|flight|visa)|everything|"
        r"all)[^.!?\n]{0,10}(?:from|out of|with)[^.!?\n]{0,25}\b(?:salary|salaries|wages?|pay|earnings|allowance|"
        r"contracts?)\b|(?:ticket|flight|visa|fare|transport|fees?) (?:is |are |will be |go )?(?:advanced|"
        r"pre-?financed|fronted)\b|(?:will|go|'ll|to) advance (?:the |your |ya )?(?:ticket|flight|fare|transport|visa|"
        r"money|fees?)|advances (?:your |the )?(?:flight|ticket|fare|transport|visa|tuition|course|fees?)",
        r"refundable (?:deposit|guarantee|caution|commitment fee|bond)|(?:deposit|guarantee|bond|"
        r"commitment fee)[^.!?\n]{0,20}to (?:hold|secure|reserve|keep|lock|block) (?:your |ya |a |the )?(?:slot|place|"
        r"spot|seat|position|space)|as (?:a )?(?:caution|deposit|guarantee)\b",
        r"(?:loan|credit) (?:for|to) (?:your |the |ya )?(?:travel|trip|ticket|flight|visa|journey)|(?:travel|ticket|"
        r"flight|visa) loan|(?:pay|work) off (?:the |your |a )?debt|(?:repay|pay back|clear) (?:the |your |a |my |"
        r"her )?(?:debt|loan)|(?:work|working) (?:it|them|the (?:debt|cost|ticket)) off|(?:you|una|she|he|"
        r"they) (?:will |go |must |'ll |have to )?work to (?:pay|repay|clear)|pay (?:us|me|am|the agent|oga|madam|her|"
        r"him) back|(?:you|una) go (?:work )?pay (?:am |us |me |her |him )?back|repay (?:it |them )?over the|"
        r"repaid from|(?:taken|deducted|recovered) from what you earn|pay(?:e|es|ez|s)? back\b[^.!?\n]{0,20}(?:salaire|"
        r"salary|paye|pay\b)|pour pay (?:it )?back|advance (?:le |la |les |the |your |ton |tout|everything)(?:ticket|"
        r"billet|flight|visa|transport)?",
        # es
        r"(?:billete|pasaje|viaje|visado|visa|gastos|deuda|adelanto|préstamo|costo|"
        r"coste)[^.!?\n]{0,30}(?<!no )(?<!nunca )(?:se (?:descuenta|descontará|descuentan|descontarán|paga|pagará|"
        r"devuelve|devolverá)|descontad[oa]s?|descontamos|descontaremos|pagas|pagarás|devuelves|devolverás|devolver|"
        r"irá pagando|vas pagando)[^.!?\n]{0,15}(?:de|del|con|en) (?:tu |su |el |los |tus |"
        r"sus )?(?:primer(?:os)? )?(?:\d{1,2} |dos |tres |cuatro )?(?:sueldos?|salarios?|nómina|pagas?|trabajo)",
        r"(?:billete|pasaje|viaje|visado) adelantad[oa]|adelanta(?:mos|n|rá|remos)? (?:el |los |la )?(?:billete|"
        r"pasaje|viaje|dinero|gastos|visado|vuelo|matrícula)|(?:se paga|pagas|pagar|devolver) trabajando|trabaj(?:as|"
        r"an|ar) hasta (?:devolver|pagar)|pagando con (?:su|tu) (?:sueldo|salario)",
        r"(?:depósito|garantía|fianza)[^.!?\n]{0,30}(?:reembolsable|que se devuelve|se te devuelve|para (?:reservar|"
        r"asegurar|guardar) (?:tu |su |el |la )?(?:plaza|cupo|puesto|lugar))|(?:q|\$|€|us\$|"
        r"bs\.?)?\s?\d[\d.,]{0,12}\s?(?:[a-z]{1,8} )?de garantía",
        r"préstamo (?:para|de) (?:el |tu |su )?(?:viaje|billete|pasaje|visado)|pagar (?:la |una |su |tu )?deuda",
        # pt
        r"(?:passagem|bilhete|viagem|visto|despesas|custos|dívida|adiantamento|"
        r"empréstimo)[^.!?\n]{0,30}(?<!não )(?<!nunca )(?:descontad[oa]s?|descontamos|descontar|desconta(?:m|mos|rá)?|"
        r"descontando|(?:é|são|será|serão) pag[oa]s?|pagas|pagarás|devolve(?:s|rás)?)[^.!?\n]{0,15}(?:d[oa]|com o|"
        r"com a|no|pelo) (?:teu |seu |sua |tua |primeiro )?(?:salários?|ordenados?|trabalho)",
        r"(?:passagem|bilhete|viagem) adiantad[oa]|adianta(?:mos|m|va)? (?:a |o )?(?:passagem|bilhete|viagem|dinheiro|"
        r"transporte|propina)|pag(?:as|a|am|ar) trabalhando|trabalha(?:s|m)? (?:os primeiros [a-z]{2,8} meses )"
        r"?(?:sem receber )?para pagar (?:a |o )?(?:viagem|passagem|bilhete|dívida)",
        r"caução[^.!?\n]{0,30}(?:reembolsável|devolvid[oa]|vaga|lugar|viagem)|(?:depósito|"
        r"garantia)[^.!?\n]{0,30}(?:reembolsável|para (?:reservar|garantir|segurar) (?:a |o |tua |sua )?(?:vaga|"
        r"lugar))",
        r"(?:pagar|saldar) (?:a |uma )?dívida|empréstimo para (?:a |o )?(?:viagem|passagem|bilhete|visto)",
        # ar
        r"(?<!لا )(?<!ما )(?<!مش )(?<!بدون )(?<!يجوز )(?<!ممنوع )(?<!يحق )(?:(?:ب|و|ك)?(?:ي|ت|ن)?(?:خصم|سدد|قطع|نقص|"
        r"حيد)|يتم خصم|يتم السداد|السداد|ترجعها|ترجعه|تدفعها|تدفعه|بتسترجعها|تسترجعها)(?:ها|ه|و|"
        r"هم)?[^.!؟\n]{0,20}(?:من )?(?:راتب|الراتب|المرتب|معاش|المعاش|الماهية|الشهرية|الخلصة|شغله|عمله|أول شهر|"
        r"أول شهرين)",
        r"(?:قرض|سلفة|دين)[^.!؟\n]{0,15}(?:للسفر|السفر|التذكرة|التأشيرة|الفيزا)|(?:تأمين|ضمان|"
        r"عربون)[^.!؟\n]{0,15}(?:مسترد|يسترد|يرجع|بيرجع|لحجز|لضمان (?:مكانك|مقعدك))|(?:تسدد|تسديد|سداد) (?:ال)?دين|"
        r"(?:ي|ب)سلف|(?:ترجع|ترجعلو|ترجعله|ترجعلها|تردلو|تسدد)[^.!؟\n]{0,6}فلوس (?:ال)?(?:تذكرة|سفر|فيزا|طريق)",
    ],
    "transit_route": [
        # fr
        r"(?:passage|passant|passer|passerez|passerons|passe|transit(?:e|ez|er|era)?|traversée|route|trajet)"
        r" (?:d'abord )?(?:par|via|à travers|du|de la|de l')\s?(?:le |la |l')?" + _TRANSIT_PLACES,
        r"\bvia (?:le |la |l')?" + _TRANSIT_PLACES + r"|par (?:la )?route[^.!?\n]{0,40}" + _TRANSIT_PLACES,
        r"passeurs?\b|(?:pirogue|zodiac|bateau pneumatique)[^.!?\n]{0,30}" + _CROSSING_TO + r"|"
        r"traverser (?:la (?:frontière|mer|méditerranée)|le (?:désert|sahara))|(?:fait|faire|fera|ferons) traverser|"
        r"(?:sans|pas besoin de) (?:visa|passeport)[^.!?\n]{0,30}(?:on (?:passe|traverse)|nous (?:passons|traversons)|"
        r"par la route|la frontière)|\bboza\b|\btarik\b|\bagadez\b|\bsebha\b|\btamanrasset\b",
        # en / pcm
        r"(?:through|via|transit through|go through|cross (?:into|through|to)|enter|by (?:road|land|desert|boat|"
        r"sea)[^.!?\n]{0,40}) (?:the )?" + _TRANSIT_PLACES + r"|cross (?:over )?to " + _CROSSING_TO,
        r"by road (?:through|across)|(?:no need (?:for |of )?(?:a )?(?:visa|passport)|without (?:a )?(?:visa|"
        r"passport)|no (?:visa|passport) (?:needed|required))[^.!?\n]{0,30}(?:we (?:go |will |'ll )?(?:pass|cross|"
        r"enter|drive|follow)|by road|by boat|border|cross)|onward journey",
        r"connection (?:man|men|boys?|guys?)[^.!?\n]{0,15}(?:" + _TRANSIT_PLACES + r"|europe|italy|spain|border)|"
        r"(?:get|have|has|strong|sure|direct|good) connections? (?:for|to|inside|reach)[^.!?\n]{0,25}(?:"
        + _TRANSIT_PLACES + r"|europe|italy|spain|border)|cross (?:the )?(?:border|desert|sea|mediterranean)|"
        r"(?:near|close to|across) the border|smuggl(?:er|ers|ing)\b|back ?way\b|(?:we|una|you) go (?:pass|enter|"
        r"cross|waka) (?:through |enter )?(?:the )?(?:border|desert|" + _TRANSIT_PLACES + r")",
        # es
        r"(?:pasando por|pasar por|pasamos por|por la ruta de|atravesando|cruzando|cruzamos|por tierra (?:hasta|"
        r"por|a)) (?:el |la )?" + _TRANSIT_PLACES + r"|(?:pasar|cruzar|pasamos|cruzamos) a " + _CROSSING_TO,
        r"(?:cruzar|cruzamos|cruzan) (?:la frontera|el desierto|el mar|el estrecho|el río)|coyotes?\b|polleros?\b|"
        r"(?:patera|cayuco)s?\b|(?:sin|no (?:hace falta|necesitas?|se necesita)) (?:visa|visado|"
        r"pasaporte)[^.!?\n]{0,30}(?:cruzamos|pasamos|entramos|por tierra|la frontera)|siguiente etapa",
        # pt
        r"(?:passando por|passar por|passamos por|atravessando|atravessar|atravessamos|por terra até|por estrada até|"
        r"pela rota d[aeo]) (?:o |a |pela |pelo )?" + _TRANSIT_PLACES,
        r"(?:atravessar|atravessamos|atravessa|passar|passamos) (?:a fronteira|o deserto|o mar|o rio)|atravessamos em|"
        r"(?:sem|não precisa(?: de)?) (?:visto|passaporte)[^.!?\n]{0,30}(?:atravessamos|passamos|entramos|"
        r"pela fronteira|por terra|a fronteira)|\bcoiotes?\b|\bpassadores?\b",
        # ar: "via Libya", the harraga and the smugglers
        r"(?:عبر|عن طريق|مرورا ب|مرورا|من خلال|ترانزيت في|ترانزيت عبر) ?(?:ال)?(?:ليبيا|نيجر|أغاديس|أغاديز|جزائر|مغرب|"
        r"تركيا|تشاد|سودان|صحراء|الحدود|مصر|تونس|موريتانيا|سلوم)",
        r"(?<![\u0600-\u06ff])(?:ال)?حراق(?:ة|ين)(?![\u0600-\u06ff])|(?<![\u0600-\u06ff])(?:ال)?(?:حرقة|"
        r"حريك)(?![\u0600-\u06ff])|(?<![\u0600-\u06ff])(?:ال)?مهرب(?:ين)?(?![\u0600-\u06ff])|التهريب|قوارب (?:الموت|"
        r"الهجرة)|(?:عبور|قطع|نعبر|نقطع|تعبر|تقطع) الحدود|طريق البر|الطريق البري|(?:l|el|al)?(?:7rig|7arraga|7arga|"
        r"hrig|harraga|7rag)\b|(?:ي|ن|ب)?(?:عديك|عدوك|عديكم) ل|الطريق ل(?:أوروبا|إيطاليا|إسبانيا|اليونان)",
    ],
    "restricted_movement": [
        # fr
        r"pas de (?:sortie|sorties|jours? de repos|jours? de congé|congés?|téléphone|portable)\b|"
        r"sans (?:jours? de repos|repos|congés?|sorties?|téléphone)\b|aucun (?:jour de repos|congé|repos)\b|"
        r"(?:interdite?s?|interdiction|pas le droit|pas autorisée?s?|pas besoin) (?:de )?sortir|ne (?:pourrez|pourras|"
        r"pourra|peut|peux|pouvez|pourront) pas sortir|(?:on|tu|vous|elle|elles|ils|il|nous) (?:ne )?sor(?:s|t|tez|"
        r"tent|tons) pas|sorties? (?:du [a-z]{3,12} )?(?:se (?:font|fait) )?(?:[a-z]{3,12} )?(?:accompagnée?s?|"
        r"avec (?:un |une |la |le )?(?:responsable|superviseur|superviseuse|accompagnatrice|chauffeur|patron|patronne|"
        r"madame))",
        r"(?:téléphone|portable)s? (?:sera |seront |est |sont )?(?:gardée?s?|confisquée?s?|retirée?s?|interdits?)|"
        r"(?:nous|on|l'employeur|madame|la famille|le patron|la patronne|il|elle) (?:vous |te |lui |leur |m')?(?:a |"
        r"va )?(?:garde|gardons|gardera|confisque|confisqué|pris|prend|prendra|prenons|retiré) (?:le |votre |ton |son |"
        r"leur |mon |les )?(?:téléphones?|portables?)",
        r"(?:logée?s?|hébergée?s?|nourrie?s? et logée?s?|vivre|vivrez|dormir|dormirez|dort|dors|habiter|"
        r"habiterez) (?:et nourrie?s? )?(?:chez (?:l'employeur|le patron|la patronne|la famille|madame|monsieur|"
        r"la dame|eux|elle|lui)|dans (?:la maison|le camp|le complexe|l'usine|l'atelier|la chambre des enfants))|(?:un|"
        r"1) (?:seul )?jour de (?:repos|congé|sortie) par mois|enfermée?s?\b|séquestrée?s?\b|(?:travail\w{0,5}|"
        r"work\w{0,3}|trabaj\w{0,4}|trabalh\w{0,4})[^.!?\n]{0,15}(?:7 ?j ?/ ?7|sept jours sur sept|"
        r"du lundi au dimanche|(?:7|seven) days a week|every day|de lunes a domingo|siete días|de segunda a domingo|"
        r"sete dias|todos os dias)",
        # en / pcm
        r"no (?:days? ?off|off ?days?|rest days?|free days?|leave days?)\b|without (?:a )?days? off|"
        r"not allowed (?:to )?(?:go |going )?(?:out|outside|to leave)|(?:cannot|can't|can not|won't be able to|"
        r"will not be able to) leave the (?:house|compound|premises)|(?:you|una|she|dem|e|he) no go (?:dey |"
        r"need )?(?:go|comot|waka) (?:out|outside|town)|(?:no|won't|will not) need to go out|no need to go to town|"
        r"no (?:like|want)[^.!?\n]{0,20}(?:waka|go) outside",
        r"(?:phone|phones|mobile)s? (?:will be |go |is |are )?(?:kept|collected|taken|seized|confiscated)|(?:keep|"
        r"keeps|kept|collect|collects|collected|took|take|takes|seize|seized|confiscate|confiscated) (?:your |her |"
        r"their |ya |una |my |all )?(?:phone|phones|mobile)s?\b|(?:doesn't|does not|won't|will not|can't|cannot|"
        r"no go) use (?:her|his|your|their|ya) phone",
        r"live[- ]in\b[^.!?\n]{0,25}(?:no days? off|without (?:a )?days? off|no off days?|no leave)|(?:live|lives|"
        r"stay|stays|sleep|sleeps) (?:with|inside|in) (?:the |your |ya )?(?:madam|oga|employer|boss|sponsor)(?:'s)?\b|"
        r"(?:live|stay) with the family|(?:one|1) day off (?:a|per|every) month|locked (?:me |her |us |them |"
        r"you )?(?:in|up|inside)\b|stay indoors",
        # es
        r"sin (?:días? (?:libres?|de descanso)|descanso|salidas?|libranzas?|teléfono|móvil|celular)\b|(?:no|"
        r"nunca) (?:puede|puedes|podrá|podrás|podrán|se puede|la dejan|les dejan|me dejaban|la dejaban|"
        r"nos dejaban) salir|prohibido salir|(?:un|1) día (?:libre|de descanso) al mes|nadie sale|"
        r"no (?:se )?salen? del|(?:las )?salidas son con",
        r"(?:teléfono|móvil|celular)(?:es)? (?:se (?:queda|guarda)|(?:será|es|queda) (?:retenido|guardado|"
        r"confiscado))|(?:te|le|les|nos|me) (?:quitan|quitaron|quitarán|retiran|retiraron) (?:el |los )?(?:teléfonos?|"
        r"móvil(?:es)?|celular(?:es)?)|encerrad[oa]s?\b|(?:vivir|vive|vivirás|dormir|"
        r"duerme) (?:en (?:la )?casa de (?:la familia|los patrones|la señora|los empleadores)|con la familia)",
        # pt
        r"sem (?:folgas?|dias? de folga|descanso|saídas?|telemóvel|telefone|celular)\b|(?:não|nunca) (?:pode|podes|"
        r"poderá|poderás|podem|a deixam|nos deixavam|me deixavam|deixam) sair|proibid[oa]s? de sair|(?:um|"
        r"1) dia de folga por mês|(?:não precisa|sem precisar) (?:de )?sair",
        r"(?:telemóvel|telefone|celular)(?:es)? (?:fica com|ficam com|fica guardado|ficam guardados|é retido|"
        r"é guardado)|(?:tiram|tiraram|ficam com|guardam) (?:o |os )?(?:telemóveis?|telefones?|celulares?)|"
        r"trancad[oa]s?\b|fechad[oa]s? em casa|(?:vive|vives|viver|dorme|dormir|mora|"
        r"morar) (?:em casa d[aoe] (?:família|patroa|patrão|senhora)|com a família|no emprego)",
        # ar
        r"(?:بدون|بلا|ما في|مافي|لا يوجد|مفيش|ما فيه|ما فيش|لا) (?:إجازة|إجازات|عطلة|يوم راحة|راحة|خروج|طلعة|تلفون|"
        r"هاتف|جوال|موبايل)|(?:ممنوع|لا يسمح|ما يسمح|ما تقدر|لن تستطيع|ما يخلوك|مايخلوك) (?:ب)?(?:ال)?(?:خروج|تطلع|"
        r"تخرج|طلوع)|(?:يوم|إجازة) (?:واحد )?(?:في|كل) الشهر|ما (?:تمرق|تطلع|تخرج|يطلع|يمرق|بيطلعش|"
        r"بتطلعش)[^.!؟\n]{0,15}(?:برا|بره|إلا مع)|(?:الخروج|الطلعة)[^.!؟\n]{0,20}مع (?:ال)?(?:مسؤول|مشرف|كفيل|مدام)",
        r"(?:الهاتف|التلفون|الجوال|الموبايل)[^.!؟\n]{0,12}(?:يسحب|يؤخذ|ياخذوه|بيتاخد|عند الكفيل|عند المدام|محجوز)|"
        r"(?:تقفل|يقفل|قفلت|قفل|يقفلوا|تسكر|بتقفل) (?:عليها|عليك|علينا|علي|عليهم)|(?:مقيمة|تقيم|تسكن|تعيش|تنام) (?:مع|"
        r"عند|في بيت) (?:العائلة|الأسرة|الكفيل|المدام|صاحب)",
    ],
    "informal_employer": [
        # fr: a relative's friend, "une dame", looking for a girl or a maid
        r"(?:une? (?:amie?|connaissance|cousine?|tante|tantine|tata|dame|monsieur|madame|famille|parente?|s(?:œ|oe)ur|"
        r"frère|oncle|femme|proche|compatriote)|(?:mon|mes) (?:oncle|cousin|ami|frère|grand frère|patron|parrain|"
        r"pasteur|tonton|reme|beau-frère)|(?:ma|mes) (?:tante|tantine|cousine|s(?:œ|oe)ur|grande s(?:œ|oe)ur|copine|"
        r"patronne|tata|marraine|voisine|belle-mère|belle-s(?:œ|oe)ur)|la dame|le monsieur)[^.!?\n]{0,60}(?:cherche|"
        r"recherche|a besoin d'|veut|demande|recrute|prend) (?:encore )?(?:une? |des |deux |trois |"
        r"\d )?(?:autres? )?(?:jeunes? )?(?:filles?|bonnes?|ménagères?|nounous?|domestiques?|servantes?|petites?|"
        r"femmes? de ménage|aides?[- ]ménagères?|gouvernantes?|gos?|enfants|camerounaises?)\b",
        r"(?:un|une) ami(?:e)? (?:de (?:mon|ma|la) (?:père|mère|oncle|tante|famille|cousin|cousine|frère|s(?:œ|oe)ur)|"
        r"à moi)",
        # en / pcm
        r"(?:(?:my|a|our|ma) (?:uncle|aunt|aunty|auntie|brother|sister|cousin|mum|mom|dad|father|mother|pastor|friend|"
        r"neighbou?r|church member|in-law)(?:'s (?:friend|friends|boss|madam|wife|husband|sister|brother|colleague|"
        r"oga))?|(?:a|one) (?:family )?friend|friend of the family|(?:a|one|some) (?:[a-z]{3,12} )?(?:woman|lady|madam|"
        r"man|family|couple)|the oga)[^.!?\n]{0,60}(?:needs?|is looking for|looking for|wants?|dey find|di find|"
        r"dey look for|is searching for|requires?|is hiring|dey hire) (?:an? |some |\d |two |one |"
        r"another )?(?:young )?(?:girls?|boys?|house ?girls?|house ?helps?|house ?maids?|housekeepers?|maids?|nann(?:y|"
        r"ies)|babysitters?|domestic (?:workers?|helpers?)|helpers?|ladies|houseboys?|caregivers?|live-in)\b",
        r"(?:work|job|jobs|working) (?:in|at|for) (?:my|a) (?:friend|uncle|brother|cousin|sister|aunty|"
        r"auntie)'?s (?:company|shop|restaurant|hotel|salon|house|business|factory|home)|(?:a )?friend of my (?:father|"
        r"dad|mother|mum|uncle|aunt|cousin|brother)",
        # es
        r"(?:(?:una? )?(?:señora|señor|amiga?|conocid[oa]|familia|pariente|prima?|tía|tío|dama)|mi (?:tía|tío|"
        r"prim[oa]|amig[oa]|herman[oa]|madrina|padrino|vecin[oa]|patrona?)|amiga de la familia)[^.!?\n]{0,60}(?:busca|"
        r"necesita|quiere|pide|requiere|anda buscando|acoge a) (?:una? |dos |\d )?(?:chic[ao]s?|muchach[ao]s?|jóvenes|"
        r"empleadas?|internas?|niñeras?|trabajadoras?|señoritas?|cuidadoras?|sirvientas?|domésticas?)\b|"
        r"amig[oa] de mi (?:primo|prima|padre|madre|tío|tía|hermano|hermana)",
        # pt
        r"(?:(?:uma? )?(?:senhora|senhor|amig[oa]|conhecid[oa]|família|parente|prim[oa]|tia|tio|patroa)|"
        r"(?:a )?minha (?:tia|prima|amiga|irmã|madrinha|vizinha|patroa)|(?:o )?meu (?:tio|primo|amigo|irmão|padrinho|"
        r"vizinho|patrão)|amig[oa] da família)[^.!?\n]{0,60}(?:procura|precisa(?: de)?|quer|pede|está a procurar|"
        r"está procurando|anda à procura de) (?:uma? |duas |dois |\d )?(?:moças?|meninas?|raparigas?|empregadas?|"
        r"domésticas?|amas?|babás?|trabalhadoras?|miúdas?|jovens|cuidadoras?)\b|amig[oa] d[oa] (?:meu|minha) (?:primo|"
        r"prima|pai|mãe|tio|tia|irmão|irmã)",
        # ar
        r"(?:صديق|صديقة|صاحبة|قريب|قريبة|معرفة|ست|سيدة|مدام|مرة|عائلة|عيلة|أسرة|خالتي|عمتي|خالي|عمي|ابن عمي|بنت عمي|"
        r"جارتي|جاري|واحد|واحدة|ناس)[^.!؟\n]{0,60}(?:تبحث عن|يبحث عن|يدور على|تدور على|دايرة|داير|محتاج|محتاجة|محتاجين|"
        r"تحتاج|يحتاج|عايز|عايزة|عاوز|عاوزة|بدها|بدو|بدهم|تبي|يبي|يبون|تطلب|يطلب|تبغى|يبغى|كتقلب على|كيقلب على|"
        r"تقلب على) (?:ل)?(?:بنت|بنات|خادمة|خدامة|شغالة|عاملة|مربية|عاملات|بنية|صبية|شابة|فتاة)",
    ],
    "unrealistic_conditions": [
        # fr
        r"(?:travail|emploi|job|boulot|poste|offre|visa|voyage|opportunité)s?[^.!?\n]{0,30}(?:pour |"
        r"à )(?:tout le monde|n'importe qui)|(?:tout le monde|n'importe qui) peut (?:partir|voyager|venir|y aller)",
        r"départ (?:dans|sous|d'ici) (?:\d{1,2}|deux|trois|quelques) (?:jours|semaines)|"
        r"départ (?:la semaine prochaine|dès réception)|(?:tu pars|vous partez|tu partiras|vous partirez|tu voyages|"
        r"vous voyagez|voyagerez)[^.!?\n]{0,25} dans (?:\d{1,2}|deux|trois|quelques) (?:jours|semaines)",
        r"contrat (?:sera |est )?(?:signé|à signer|remis|donné|fait) (?:à l'arrivée|sur place|là-bas|"
        r"une fois sur place|en arrivant|après l'arrivée)|(?:signer|signerez|signez|signé) (?:le |votre |"
        r"ton )?contrat (?:à l'arrivée|sur place|là-bas|une fois sur place|en arrivant)|pas besoin de contrat|"
        r"sans contrat",
        r"tout (?:sera|va être|se fera|se règle|se réglera|est) (?:réglé|arrangé|organisé|fait|expliqué|"
        r"géré) (?:là-bas|sur place|à l'arrivée|une fois (?:sur place|arrivée?s?|là-bas))|(?:salaire|conditions|"
        r"détails) (?:à (?:discuter|négocier|voir) )?(?:sur place|à l'arrivée|une fois là-bas)",
        # en / pcm
        r"(?:job|jobs|visa|visas|opportunit(?:y|ies)|vacanc(?:y|ies)|slots?)\b[^.!?\n]{0,30}\bfor (?:anyone|anybody|"
        r"everybody|everyone)\b(?! who)|(?:anyone|anybody|everybody|everyone) (?:can|fit) (?:go|travel|fit go)\b",
        r"(?:travel|fly|depart|departure|you go travel|you go comot|una go travel)[^.!?\n]{0,15}(?:in|"
        r"within) (?:\d{1,2}|one|two|three|few) (?:days?|weeks?)|(?:travel|fly|departure) (?:next week|this month)",
        r"contract (?:will be |go |is )?(?:signed|given|sorted|shown|done) (?:on|upon|after|when you) (?:arrival|"
        r"arrive|land|reach|get there)|(?:sign|see) (?:the |your )?contract (?:on arrival|upon arrival|"
        r"when you (?:arrive|land|reach|get there)|(?:over )?there|for there)|no contract (?:needed|required|"
        r"necessary)|without (?:a |any )?(?:written )?contract",
        r"everything (?:go |will |would |shall )?(?:be |dey )?(?:sorted|settled|arranged|explained|handled|fixed|done|"
        r"clear|ok)(?: out)? (?:when|once|after|as soon as|immediately) (?:you|una|u) (?:land|arrive|reach|get there)|"
        r"(?:details|salary|everything) (?:will be |go )?(?:discussed|explained|sorted) (?:there|on arrival|"
        r"when you (?:land|arrive|reach))",
        # es
        r"(?:trabajo|empleo|visa|oportunidad|viaje)s?[^.!?\n]{0,30}para (?:cualquiera|cualquier persona|"
        r"todo el mundo)\b|cualquiera puede (?:ir|viajar|irse)",
        r"(?:salida|viaje|viajas|viajarás|sales|saldrás) (?:en|dentro de) (?:\d{1,2}|dos|tres|pocos|unos) (?:días|"
        r"semanas)",
        r"(?:firman|firmas|firmarás|firma|se firma|firmar) (?:el |su |tu )?contrato (?:al llegar|a la llegada|allá|"
        r"allí|en destino)|contrato (?:se firma|será firmado|firmado) (?:al llegar|a la llegada|allá|allí|en destino)|"
        r"sin contrato|todo se (?:arregla|resuelve|explica|organiza) (?:allá|allí|al llegar|en destino)",
        # pt
        r"(?:trabalho|emprego|vaga|visto|oportunidade|viagem)s?[^.!?\n]{0,30}para (?:qualquer (?:pessoa|um)|"
        r"todo o mundo|toda a gente)\b|qualquer (?:pessoa|um) pode (?:ir|viajar)",
        r"(?:partida|viagem|viaja|viajas|viajarás|sai|sais|saída) (?:em|daqui a|dentro de) (?:\d{1,2}|duas|dois|três|"
        r"poucos|uns) (?:dias|semanas)",
        r"contrato (?:é |será )?(?:assinado|feito|dado) (?:à chegada|na chegada|lá|no destino|quando chegar(?:es)?)|"
        r"(?:assina|assinas|assinar|assinam) (?:o )?contrato (?:à chegada|na chegada|lá|no destino|"
        r"quando chegar(?:es)?)|sem contrato|(?:lá|no destino) (?:a patroa|o patrão|eles|a senhora|a agência) (?:trata|"
        r"resolve|explica)|tudo se (?:resolve|trata|arranja) (?:lá|à chegada|no destino)",
        # ar
        r"(?:عمل|شغل|وظائف|وظيفة|فيزا|تأشيرة|عقود|فرص)[^.!؟\n]{0,25}(?:لأي شخص|لأي حد|لأي واحد|للجميع|لكل الناس|"
        r"لأي أحد)|مفيش سن معين|(?:أي|اي) (?:واحد|حد|شخص) (?:يقدر|يمكنه|ممكن) (?:يسافر|يروح)",
        r"السفر (?:خلال|بعد|في) (?:أسبوع|أسبوعين|\d{1,2} (?:أيام|يوم|أسابيع))|السفر فوري|سفر فوري",
        r"العقد[^.!؟\n]{0,15}(?:عند الوصول|بعد الوصول|هناك|لما توصل|لما تصل)|بدون عقد|بلا عقد|كل (?:شي|شيء|"
        r"حاجة) (?:يتحل|يترتب|بيتحل|بيترتب|نرتبه) (?:هناك|لما توصل|عند الوصول)",
    ],
    # Asks the reader to send money back, call or dial to "claim", or hand over a PIN or code.
    "payback_request": [
        # fr
        r"renvo(?:yez|ie|ies|yer)(?:[- ]moi|[- ]nous|[- ]les|[- ]le)?[^.!?\n]{0,25}(?:montant|argent|somme|sous|"
        r"crédit|transfert|\d|stp|svp|s'il)|(?:envoyée?s?|transférée?s?|fait un transfert|fait un dépôt|versée?s?|"
        r"déposée?s?)[^.!?\n]{0,30}(?:par erreur|par mégarde|par inadvertance|par accident|sur le mauvais numéro)|"
        r"erreur de (?:transfert|numéro|dépôt)|(?:transfert|dépôt) (?:fait )?par erreur|rembourse[zr]?[- ]moi",
        r"(?:composez|tapez|faites|saisissez) (?:le )?\*\d[\d*#]{0,30}[^.!?\n]{0,40}(?:pour|afin de) (?:débloquer|"
        r"récupérer|recevoir|valider|confirmer|annuler|réclamer|retirer|activer|réactiver|rembourser|renvoyer)|"
        r"(?:appelez|appeler|contactez|contacter|appelle|contacte)[^.!?\n]{0,30}pour (?:récupérer|recevoir|réclamer|"
        r"retirer|débloquer|toucher|valider|encaisser) (?:votre |ton |le |la |vos |tes )?(?:gain|gains|lot|prix|cadeau|"
        r"argent|compte|bonus|colis|récompense)|cliquez[^.!?\n]{0,30}pour (?:débloquer|récupérer|réclamer|recevoir|"
        r"réactiver|valider|retirer|confirmer) (?:votre |ton |le |la |vos )?(?:compte|gain|prix|lot|cadeau|argent|"
        r"bonus|colis|récompense|carte)|pour (?:le |la |les )?(?:débloquer|réactiver|récupérer|recevoir|"
        r"retirer)(?: (?:votre |ton )?(?:compte|gain|prix|lot|argent|bonus|colis))?[^.!?\n]{0,20}(?:appelez|composez|"
        r"cliquez|envoyez|tapez|contactez)",
        r"(?<!ne )(?<!jamais )(?:donne[zr]?|envoie[zr]?|envoyez|communique[zr]?|transmet(?:s|tez|tre)?|renvoie[zr]?|"
        r"dites|dis)(?:[- ]moi|[- ]nous)? (?:le |ton |votre |ce )?(?:code|pin|mot de passe)\b|"
        r"(?<!ne )(?<!jamais )(?:valide[rz]?|saisi(?:r|ssez|ssant)|entre[rz]?|entres|tape[rz]?|renseigne[rz]?|répondez|"
        r"connectez-vous)\b[^.!?\n]{0,40}(?:code (?:secret|pin|momo|orange money|om\b|reçu)|code pin|mot de passe)",
        # en / pcm
        r"kindly reverse|(?:request(?:s|ed)?|requesting) (?:a )?reversal|(?<!to )reverse (?:it|am|the money|my money|"
        r"the funds|the amount|the transfer|my transfer)\b|(?:sent|send|transferred|transfer|deposited|credited|made|"
        r"done)\b[^.!?\n]{0,30}(?:by mistake|mistakenly|in error|wrongly|to the wrong number)|(?:mistakenly|wrongly|"
        r"accidentally) (?:sent|send|transferred|transfer|deposited|credited)\b",
        r"(?:send|transfer|return|refund) (?:it|am|the money|my money|the (?:funds|amount|cash)|them) back|(?:send|"
        r"transfer) back (?:to|on|for|via|abeg|pls|please|quick)|return (?:it|am|the money|my money) to|refund (?:me|"
        r"the sender|sender)\b",
        r"call\b[^.!?\n]{0,50}to (?:claim|unlock|collect|redeem|activate|receive|unblock|restore|reactivate|"
        r"withdraw)\b|(?:click|tap|follow|visit|open)\b[^.!?\n]{0,30}to (?:claim|unlock|unblock|reactivate|collect|"
        r"redeem|restore|release|withdraw) (?:your |ya |the )?(?:prize|reward|gift|winnings?|money|account|funds|bonus|"
        r"package|card|atm)|to (?:claim|unlock|unblock|restore|reactivate|redeem|receive (?:it|your|the)|collect (?:it|"
        r"your|the))[^.!?\n]{0,25}(?:call|dial|click|visit|reply)\b|dial \*\d[\d*#]{0,30}[^.!?\n]{0,40}to (?:unlock|"
        r"unblock|claim|receive|confirm|cancel|reverse|activate|redeem)",
        r"(?<!never )(?<!not )(?<!n't )(?<!you to )(?:give|send|share|forward|tell|read|text) (?:me|us) (?:the |your |"
        r"that |di |ya )?(?:code|otp|pin|verification code)\b|(?<!never )(?<!not )(?<!n't )(?<!you to )(?:send|share|"
        r"give|verify|confirm|enter) (?:your |the |ya |una )?(?:m-?pesa |momo |mobile money |card )?(?:otp|pin|"
        r"bvn)\b(?! (?:is|was|has))|(?:the |di |that )?code wey (?:dem|they|e) (?:send|sent|don send)|"
        r"code[^.!?\n]{0,30}(?:send|give) am (?:give|to|for) me|(?<!never )(?<!not )(?<!n't )(?:fill|enter|put|type|"
        r"input)\b[^.!?\n]{0,30}\b(?:momo |m-?pesa |card )?(?:pin|otp)\b|(?:if (?:you did not|you didn't) (?:make|"
        r"request|authori[sz]e) (?:this|it)|if this was not you)[^.!?\n]{0,20}call\b[^.!?\n]{0,25}\d{3}",
        # es
        r"devu[eé]lv(?:eme|ame|anme|emelo|elo|ela)\b|devu[eé]lv(?:e|a|an)\b[^.!?\n]{0,15}(?:el dinero|la plata|"
        r"el monto|el importe|la transferencia|lo que te)|(?:envi[eé]|mand[eé]|transfer[ií]|"
        r"deposit[eé])[^.!?\n]{0,30}(?:por error|por equivocación|sin querer|al número equivocado)|"
        r"transferencia (?:hecha )?por error",
        r"(?:llam[ea]|llamar|comuníquese|contacta|marca|marcar)[^.!?\n]{0,30}para (?:reclamar|cobrar|recibir|"
        r"desbloquear|retirar|activar|canjear) (?:tu |su |el |la )?(?:premio|regalo|dinero|cuenta|bono|paquete)|(?:haz|"
        r"haga|hacer|da|dale) (?:clic|click)[^.!?\n]{0,30}para (?:reclamar|cobrar|recibir|desbloquear|reactivar|"
        r"verificar|retirar|canjear) (?:tu |su |el |la )?(?:premio|regalo|dinero|cuenta|bono|paquete|tarjeta)|"
        r"(?<!no )(?<!nunca )(?:dame|deme|envíame|mándame|pásame|dime) (?:el |tu |su |ese )?(?:código|pin|clave)",
        # pt
        r"(?<!não )(?<!nunca )(?:devolv(?:e|a|am|as|er|e-me|a-me)|fa(?:ç|c)a a devolução|faz a devolução|"
        r"fazer a devolução)\b[^.!?\n]{0,30}?(?:valor|dinheiro|montante|quantia|\d|no mesmo|ao remetente|por favor|"
        r"urgente|só|sff)|(?:enviei|mandei|transferi|depositei|enviad[oa]s?|mandad[oa]s?|transferid[oa]s?|recebeu|"
        r"recebeste)[^.!?\n]{0,40}(?:por engano|por erro|sem querer|enganad[oa]|engano)",
        r"(?:ligue|ligar|liga|contacte|contactar|marque|marca|digite)[^.!?\n]{0,30}para (?:levantar|receber|resgatar|"
        r"desbloquear|reclamar|activar|ativar|retirar|recuperar|cancelar|confirmar) (?:o |a |seu |teu |sua |"
        r"tua )?(?:prémio|dinheiro|conta|bónus|valor|presente|encomenda|operação|transferência)?|(?:clique|clica|"
        r"clicar|aceda|acesse|toque)[^.!?\n]{0,30}para (?:desbloquear|resgatar|receber|levantar|reclamar|reactivar|"
        r"reativar|validar|recuperar) (?:o |a |seu |teu |sua |tua )?(?:prémio|dinheiro|conta|bónus|valor|cartão|"
        r"presente)|para (?:levantar|receber|resgatar|desbloquear|reactivar|reativar|activar|ativar|confirmar|"
        r"cancelar) (?:o |a )?(?:prémio|conta|valor|operação)?[^.!?\n]{0,15}(?:ligue|liga|marque|marca|clique|aceda|"
        r"envie|responda)",
        r"(?<!não )(?<!nunca )(?:me (?:passa|manda|envia|diz|diga|mande|passe)|envie|mande|manda|passe|diga|confirme|"
        r"partilhe|coloque|introduza)\b[^.!?\n]{0,40}\b(?:pin|c[oó]digo (?:que )?(?:recebeu|recebido|recebeste))\b|"
        r"responda com o c[oó]digo|se n[aã]o reconhece[^.!?\n]{0,40}(?:ligue|liga|clique|aceda)",
        # ar
        r"(?:ارجع|رجع|رجعلي|رجعي|ارجعي|رجعوا|ردي|اعد|أعيدي|حول لي|حولي لي)(?:لي)? (?:ال)?(?:مبلغ|فلوس|رصيد|قروش|"
        r"تحويل)|(?:حولت|أرسلت|بعت|بعتت|رسلت|حولتلك|بعتلك|أرسلتلك|حولت لك|أرسلت لك|تحويل)[^.!؟\n]{0,40}(?:بالغلط|"
        r"بالخطأ|عن طريق الخطأ|غلط)|(?:إعادة|ارجاع|استرجاع|رد) (?:ال)?مبلغ",
        r"(?:اتصل|اتصلي|كلم|تواصل)[^.!؟\n]{0,30}(?:لاستلام|لاسترداد|لتفعيل|لفك|للحصول على|لسحب|لصرف|"
        r"لتأكيد) ?(?:ال)?(?:جائزة|جايزة|هدية|مبلغ|حساب|فوز|استلام)|(?:اضغط|انقر|ادخل)[^.!؟\n]{0,25}(?:الرابط|"
        r"اللينك)[^.!؟\n]{0,25}(?:لاستلام|لتفعيل|لفك|لاسترجاع|لاستعادة|لاسترداد|للحصول)|(?:اطلب|اضغط|"
        r"ادخل) \*\d[\d*#]{0,30}[^.!؟\n]{0,30}(?:لفك|لتفعيل|لاستلام|لإلغاء|لاسترداد)",
        r"(?<!لا )(?:أرسل|ارسلي|ابعت|ابعتلي|ابعث|أعطني|اعطيني|قولي|قلي|اديني|هات)(?:لي)? (?:ال)?(?:كود|رمز|رقم سري|"
        r"الرقم السري|رمز التحقق|كود التفعيل)",
    ],
    # Counter-cues: language of warning and of honest calls. Features only, never red-flag evidence.
    "warning_context": [
        r"arnaque|escroc|escroquerie|méfiez|mefiez|attention aux|\bfau(?:x|sses?)\b|frauduleu|"
        r"ne (?:payez|versez|envoyez|cliquez) (?:jamais|aucun|pas)|traite des (?:personnes|êtres)|signalez|"
        r"sensibilisation|victimes?|signes? d'alerte|ne vous laissez pas",
        r"\bscam|fraud|beware|be careful|\bfake\b|red flags?|warning signs?|"
        r"(?:never|don'?t|do not) (?:pay|send|click)|traffick|report (?:it|them|any)|awareness|victims?",
        r"estafa|fraude|cuidado|trata de personas|víctimas?|\bfals[oa]s?\b|golpe|burla|tráfico de pessoas|"
        r"vítimas?|denuncie|no caigas|não caia",
        r"احذر|احذروا|نصب|احتيال|الاتجار بالبشر|ضحايا|بلغوا|مزيف|وهمي|لا تدفعوا|لا تضغطوا|علامات",
        # hashtags glue the word to a prefix: #StopArnaque, #EndTrafficking, #NoALaTrata
        r"#[a-z]{0,12}(?:arnaque|escroquerie|scam|fraud|traffick|trata|estafa|golpe|burla)",
    ],
    "no_fee_statement": [
        r"(?:aucun|aucuns|sans) frais|(?:entièrement |totalement )?gratuite?s? (?:et|,) sans|"
        r"ne (?:demande|demandons|réclame|réclamons) (?:jamais|aucun)",
        r"no (?:application |processing )?fees?\b|free of charge|(?:never|do not|don't|does not) "
        r"(?:ask|charge|request)[^.!?\n]{0,20}(?:money|fees?|payment)|apply (?:online|only) (?:at|on|via|through)",
        r"sin (?:costo|coste|cargo)|gratuit[oa]s? y|sem (?:custo|taxas?)|nunca (?:pedimos|cobramos)|"
        r"no (?:cobramos|pedimos)",
        r"مجاني(?:ة)? بالكامل|بدون رسوم|لا (?:نطلب|تطلب) أي",
    ],
    # The frame of a post that quotes or describes a lure to warn, debunk or report it: reported
    # speech introducing a message, denials, testimonies, calls to report. Not a list of words like "fake".
    "reporting_frame": [
        # fr
        r"voici (?:le |un |ce |les )?(?:message|sms|texto|mail|e-mail|courriel|annonce|publication|post|"
        r"audio)s? (?:que|qu'|reçue?s?|envoyée?s?|qui (?:circule|tourne))|j'ai reçu (?:ce|cet|le|un|ces) (?:message|"
        r"sms|texto|mail|appel|courriel|audio|vocal)|(?:ma|mon|une|un) (?:[a-zœ]{2,12} )?a reçu (?:ce|cet|un|"
        r"le) (?:message|sms|texto|mail|appel|courriel)|on m'a envoyé (?:ce|cet|ça|ceci)|(?:ce|cet) (?:message|sms|"
        r"texto|annonce|audio|lien|post) (?:circule|tourne|qui circule|qui tourne|est faux|est une arnaque)|"
        r"(?:messages?|annonces?) qui (?:circulent?|tournent?)|mot pour mot|textuellement|(?:si|quand|"
        r"lorsque) (?:quelqu'un|on|une personne|un recruteur|une agence) (?:vous |te )?(?:dit|propose|promet|demande|"
        r"écrit)|(?:ils|on|elle|il) (?:m'ont|m'a|m'avait|m'avaient|nous ont|lui ont|lui a|leur ont|nous avait|"
        r"nous avaient) promis|(?:on|ils|elle|il) (?:m'avait|m'avaient|lui avait|lui avaient|leur avait|leur avaient|"
        r"nous avait|nous avaient) (?:dit|proposé|écrit)|ce (?:message|sms|texto|audio|vocal) ?(?:«|\"|“)|(?:le |"
        r"ce )?message (?:dit|disait) (?:toujours|souvent)?",
        r"\bdément\b|démentons|démenti|n'a (?:jamais|aucunement) (?:lancé|publié|recruté|organisé|demandé|autorisé|"
        r"mandaté|contacté)|(?:a|ai|avons|ont) porté plainte|(?:ont|a) été (?:arrêtée?s?|interpellée?s?)|ont (?:arrêté|"
        r"interpellé)|ont été détectée?s?|ne recrute (?:pas|jamais|personne) (?:via|par|sur|à travers)|n'est (?:pas|"
        r"nullement) (?:à l'origine|associée?|affiliée?|liée?)|(?:ne sont|n'est) pas (?:nos|notre|les nôtres|le nôtre)",
        r"signalez(?:-le|-la|-les| le | la | les | ce | ces | tout | toute | au | à la | à l'| aux | immédiatement)|"
        r"(?:appelez|contactez) (?:le |la )?(?:numéro vert|ligne verte|police|gendarmerie)|numéro vert",
        r"(?:ma|mon) (?:s(?:œ|oe)ur|fille|cousine|nièce|amie|voisine|fils|frère|cousin|neveu) (?:est partie?|"
        r"a été (?:envoyée?|vendue?|recrutée?)|est allée?|a voyagé)|on (?:lui|m'|leur|nous) a (?:pris|confisqué|"
        r"retiré) (?:son|mon|leur|notre|nos|ses|mes) passeport",
        # en / pcm
        r"someone (?:just )?sent (?:me|us|my [a-z]{2,10}) this|(?:i|we|my [a-z]{2,12}) (?:just |also )?(?:got|"
        r"received|get) this (?:message|text|sms|dm|mail|email|call|voice note|link)|got this today|"
        r"this is the (?:message|text|sms|dm) (?:wey|that|which|they|dem|i|my)|(?:see|check|read) (?:the |this |"
        r"wetin )?(?:message|text|dm)? ?(?:wey|that|they|dem) (?:send|sent) (?:me|us|my)\b|(?:this|the|"
        r"that) (?:message|text|post|ad|flyer|link) (?:is|dey) (?:circulating|going round|going around|fake|a scam|"
        r"not from)|(?:messages?|posts?|flyers?|links?|ads?) (?:circulating|going round|going around)|word for word|"
        r"(?:when|if) (?:they|someone|somebody|anyone|anybody|a recruiter|an agent|a person) (?:say|says|tell you|"
        r"tells you|promise|promises|offer|offers|ask|asks) |(?:they|he|she|the agent|the woman|"
        r"the man) promised (?:me|us|her|him|my)\b|(?:they|he|she) told (?:me|us|her|him) (?:that|it was|i would|"
        r"we would|she would|he would)\b|this (?:message|text|sms|ad|post|flyer|voice note) ?(?:«|\"|“)|(?:message|"
        r"messages|text|ad|post) (?:usually |always |often )?(?:says?|reads?) ?(?::|\"|“)",
        r"does not recruit|do not recruit|(?:has|have) never (?:launched|recruited|asked|requested|authori[sz]ed|"
        r"offered)|(?:is|are) not (?:recruiting|affiliated|associated|linked)|not our (?:page|account|ad|post)|"
        r"e no be from us|(?:please )?report (?:it |them |this |such |any |the )?(?:[a-z]{2,10} )?to (?:the )"
        r"?(?:police|naptip|hotline|authorities|platform|embassy|ministry|nearest)|report (?:it|them|this)\b|"
        r"call the (?:hotline|toll[- ]free|helpline)|(?:naptip|national|toll[- ]free) hotline|report (?:suspicious|any|"
        r"such|fraud|scams?)\b|if you have (?:any )?information|(?:have|has|were|was) (?:been )?arrested|"
        r"filed a (?:report|complaint)|confirm(?:s|ed)? that (?:he|she|it|they) (?:has|have|does|do|is|are) not|"
        r"does not (?:operate|run) any|(?:is|are) not (?:dming|messaging|contacting|giving)",
        r"my (?:sister|daughter|cousin|niece|friend|neighbou?r|son|brother|nephew|aunt|aunty) (?:went|travelled|"
        r"traveled|left|was taken|was sent|was sold)\b|they took (?:her|my|his|our|their) passport",
        # es
        r"(?:me|nos|le|les) (?:llegó|llegaron|mandaron|enviaron|pasaron|reenviaron) (?:este|esto|ese|el siguiente)|"
        r"recib[ií] (?:este|ese|el siguiente) (?:mensaje|sms|correo|audio|enlace)|(?:recibió|recibiste) (?:un|una|este|"
        r"esta|ese|esa) (?:mensaje|propuesta|oferta)|(?:se han|hemos|han sido) detectad[oa]s?|si (?:alguien|"
        r"una persona|una agencia) (?:te |le )?(?:dice|ofrece|promete|pide)|(?:me|nos|le|les) prometieron|"
        r"este (?:mensaje|anuncio|audio) ?(?:«|\"|“)|fueron detenid[oa]s|denuncié|este (?:mensaje|anuncio|enlace|"
        r"audio) (?:circula|está circulando|es falso|es una estafa)|(?:mensajes?|anuncios?) que (?:circula|circulan|"
        r"está circulando)",
        r"desmiente|desmentimos|(?:no|nunca) (?:recluta|ha lanzado|ha publicado|ha autorizado) (?:por|a través de|"
        r"mediante|en)|no (?:está|estamos) reclutando|denuncia(?:lo|la|los)? (?:al|a la|en|ante)|denuncie|"
        r"llam[ae] (?:a la línea|al \d{3})|línea (?:gratuita|de ayuda)|mi (?:hermana|hija|prima|sobrina|amiga|vecina|"
        r"hijo|hermano|primo) (?:se fue|viajó|se marchó|fue enviada|fue vendida)|(?:le|me|les) quitaron (?:el|su|"
        r"mi) pasaporte",
        # pt
        r"recebi (?:hoje )?(?:esta|essa|este|esse|uma|a seguinte) (?:mensagem|sms|chamada|ligação|proposta|oferta)|"
        r"recebi isto|(?:me|nos|lhe) (?:mandaram|enviaram|encaminharam) (?:esta|essa|isto|isso)|mandaram-me (?:esta|"
        r"isto|essa)|(?:esta|essa) (?:mensagem|publicação|oferta|página) (?:circula|está a circular|está circulando|"
        r"é falsa|é golpe)|(?:circula(?:m)?|anda a circular) (?:nas redes|no whatsapp|uma mensagem|mensagens|"
        r"perfis falsos|anúncios)",
        r"desmente|desmentimos|não (?:está|estamos) a recrutar|não recruta|nunca (?:lançou|recrutou|publicou)|"
        r"se alguém (?:te |lhe )?(?:pede|diz|promete|oferece)|(?:me|nos|lhe) prometeram|prometeram-(?:me|nos|lhe)|"
        r"esta (?:mensagem|sms) ?(?:«|\"|“)|foram detid[oa]s|(?:fiz|apresentei) queixa|foram detectad[oa]s|não (?:tem|"
        r"temos) (?:adidos|agentes|intermediários)|denuncie|denuncia (?:à|ao|na|no)|ligue (?:para )?(?:a linha|"
        r"o \d{3})|linha (?:verde|gratuita|de apoio)|a minha (?:irmã|filha|prima|sobrinha|amiga|vizinha|tia) (?:foi|"
        r"partiu|viajou|caiu)|o meu (?:irmão|filho|primo) (?:foi|partiu|viajou|caiu)",
        # ar
        r"(?:وصلتني|وصلتنا|وصلني|وصلنا|جاتني|جاتنا|جاني|جالي|اجتني|وصلت لي) (?:هذه |هذي |هاي |ده |دي |"
        r"هذا )?(?:ال)?(?:رسالة|مسج|رسائل)|(?:هذه|هذي|هاي) (?:ال)?رسالة (?:وصلت|اللي|التي|تنتشر|منتشرة|مزيفة|كاذبة)|"
        r"(?:رسالة|رسائل|إعلان|إعلانات)[^.!؟\n]{0,15}(?:منتشرة|تنتشر|متداولة|يتم تداولها|تتداول)",
        r"(?<![\u0600-\u06ff])(?:و|ف)?(?:تنفي|ينفي|نفت|ننفي)(?![\u0600-\u06ff])|لا (?:تقوم|يقوم|"
        r"نقوم) (?:ب)?(?:التوظيف|التجنيد|أي توظيف)|لم (?:تطلق|يطلق|نطلق|تعلن|يعلن)|لا علاقة (?:لنا|لها|له)|(?:بلغوا|"
        r"للتبليغ|للإبلاغ|أبلغوا|التبليغ)|(?:إذا|اذا|لو) (?:قال|قالت) (?:لك|ليك)|(?:أي|اي) (?:زول|شخص|حد|واحد) (?:يقول|"
        r"بيقول) (?:لك|ليك)|وعدوني|القبض على|قدمت شكوى|(?:الخط|الرقم) (?:الساخن|الأخضر|المجاني)|(?:بنتي|أختي|بنت خالتي|"
        r"بنت عمي|قريبتي|ابني|أخوي|أخي) (?:سافرت|سافر|راحت|راح|مشت)",
    ],
    # The frame of a genuine receipt or operator/bank notice (a fake one copies it: the classifier
    # learns what a receipt followed by a payback request means).
    "transaction_receipt": [
        # fr
        r"transfert (?:de |d'un montant de )?[^.!?\n]{0,40}(?:réussi|effectué|effectuée|confirmé)|(?:nouveau|"
        r"votre) solde(?: est| :|:| disponible)|solde (?:disponible|actuel|restant) ?:|(?:id|ref|réf|référence|"
        r"numéro) (?:de |de la )?(?:transaction|opération|transfert) ?:?|frais ?: ?\d[\d .,]{0,15}\s?(?:fcfa|xaf|xof|"
        r"f)\b[^!?\n]{0,40}solde|vous avez reçu (?:un transfert de |un dépôt de )?\d(?:[\d ,]|\.\d){0,15}(?:fcfa|xaf|"
        r"f\b)?|(?:retrait|paiement|dépôt) de \d[^.!?\n]{0,30}(?:effectué|réussi|reçu)",
        # en / pcm
        r"confirmed\.? ?(?:you have received )?(?:ksh|kes|ugx|tzs|ghs|ngn|\$)? ?\d(?:[\d,]|\.\d){0,15}|"
        r"(?:new )?m-?pesa (?:account )?balance|(?:new |your |available |avail\.? |current |wallet |account |"
        r"acct )bal(?:ance)?(?: is|:| :| (?:ksh|kes|ugx|ghs|ngn))|\bbal: ?(?:ngn|kes|ksh|ugx|ghs|fcfa)? ?\d(?:[\d,]|"
        r"\.\d){0,15}|(?:txn|trx|trans|transaction|financial transaction) ?(?:id|ref|no)\b|\btid:? ?\d|(?:acct|a/c|"
        r"account)[^.!?\n]{0,30}\b(?:debit(?:ed)?|credit(?:ed)?|dr|cr)\b|(?:debit|credit) alert|"
        r"you have received (?:ksh|kes|ngn|ugx|ghs|₦|\$)? ?\d(?:[\d,]|\.\d){0,15}(?: ?(?:fcfa|xaf|ksh|kes|ugx|ghs|"
        r"ngn))?|transaction cost,? (?:ksh)?|has been (?:credited|debited)|fee (?:was|charged):? (?:ksh|kes|ugx|ghs|"
        r"ngn)",
        # es
        r"confirmado\.? (?:transferiste|recibiste|pagaste|enviaste)|transferencia (?:exitosa|realizada|completada|"
        r"aprobada)|(?:nuevo |tu |su )?saldo (?:disponible|actual|es) ?:?|(?:número|no\.?|id|código) de (?:operación|"
        r"transacción|referencia)|comisión ?: ?\d|has recibido (?:una transferencia de )?\$?\d",
        # pt
        r"confirmado [a-z0-9]{8,12}\.? (?:recebeste|transferiste|pagaste|levantaste|compraste)|o (?:seu|"
        r"teu) (?:novo )?saldo(?: m-?pesa| e-?mola)? (?:é|e|actual|atual|disponível)|(?:novo )?saldo(?: m-?pesa|"
        r" principal| disponível| actual| atual| restante| contabilístico)? ?: ?\d|"
        r"transferência (?:de [^.!?\n]{0,30})?(?:efectuada|efetuada|realizada|concluída|recebida)(?: com sucesso)?|"
        r"(?:id|referência|nº|número) (?:da |de )?(?:transação|transacção|operação|transferência)|"
        r"taxa(?: de [a-z]{2,15})? ?: ?\d[\d .,]{0,15}\s?(?:mt|mzn|kz|akz|aoa)\b[^!?\n]{0,40}saldo|recebeu \d",
        # ar
        r"(?<![\u0600-\u06ff])تم (?:تحويل|استلام|إيداع|خصم|سحب|دفع)|رصيدك(?: الحالي| المتاح| الجديد)?|"
        r"الرصيد (?:الحالي|المتاح|الجديد|المتبقي)|رقم (?:العملية|المعاملة|المرجع)|(?:العمولة|الرسوم) ?: ?\d|(?:إيداع|"
        r"تحويل) (?:ناجح|ناجحة)",
    ],
}

COUNTER_CUES = frozenset({"warning_context", "no_fee_statement", "reporting_frame", "transaction_receipt"})
TRAFFICKING_INDICATORS = ("document_retention", "withheld_wages", "debt_bondage", "transit_route",
                          "restricted_movement", "informal_employer", "unrealistic_conditions")
RED_FLAGS = tuple(name for name in PATTERNS if name not in COUNTER_CUES)
ALL_SIGNALS = tuple(PATTERNS)
