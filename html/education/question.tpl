{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="hint">* : champ obligatoire</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p>Votre question Défi :</p>
<p class="lead" id="question-text">{{QUESTION}}</p>
<div class="field{{#ERROR_reponse}} has-error{{/ERROR_reponse}}">
<label for="reponse">Saisissez votre réponse secrète *</label>
{{#ERROR_reponse}}<p class="field-error" id="reponse-error">{{MESSAGE}}</p>{{/ERROR_reponse}}
<input id="reponse" name="reponse" type="password" autocomplete="off" spellcheck="false" required maxlength="200"{{#ERROR_reponse}} aria-invalid="true" aria-describedby="reponse-error"{{/ERROR_reponse}}>
</div>
<div class="field{{#ERROR_identifiant}} has-error{{/ERROR_identifiant}}">
<label for="identifiant">Saisissez votre NUMEN ou n° de sécurité sociale (10 premiers chiffres) *</label>
{{#ERROR_identifiant}}<p class="field-error" id="identifiant-error">{{MESSAGE}}</p>{{/ERROR_identifiant}}
<input id="identifiant" name="identifiant" type="password" autocomplete="off" spellcheck="false" required maxlength="32"{{#ERROR_identifiant}} aria-invalid="true" aria-describedby="identifiant-error"{{/ERROR_identifiant}}>
</div>
<fieldset class="field{{#ERROR_canal}} has-error{{/ERROR_canal}}" id="canal">
<legend>Envoi du lien d'activation *</legend>
{{#ERROR_canal}}<p class="field-error" id="canal-error">{{MESSAGE}}</p>{{/ERROR_canal}}
<p><input type="radio" id="canal-sms" name="canal" value="sms"{{#SMS_CHECKED}} checked{{/SMS_CHECKED}}> <label for="canal-sms">Envoi du lien d'activation par SMS sur votre smartphone personnel</label></p>
<div class="field{{#ERROR_mobile}} has-error{{/ERROR_mobile}}">
<label for="mobile">Numéro de portable personnel</label>
{{#ERROR_mobile}}<p class="field-error" id="mobile-error">{{MESSAGE}}</p>{{/ERROR_mobile}}
<input id="mobile" name="mobile" type="tel" value="{{MOBILE}}" autocomplete="off" maxlength="32"{{#ERROR_mobile}} aria-invalid="true" aria-describedby="mobile-error"{{/ERROR_mobile}}>
</div>
<p><input type="radio" id="canal-email" name="canal" value="email"{{#EMAIL_CHECKED}} checked{{/EMAIL_CHECKED}}> <label for="canal-email">Envoi du lien d'activation par E-MAIL sur votre messagerie personnelle (cette messagerie personnelle doit être impérativement différente de celle qui est utilisée pour vous identifier au portail élections)</label></p>
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">Adresse mail personnelle</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="off" maxlength="254"{{#ERROR_email}} aria-invalid="true" aria-describedby="email-error"{{/ERROR_email}}>
</div>
</fieldset>
{{>CAPTCHA}}
<p><button type="submit">Valider</button> <a class="button secondary" href="{{BACK_URL}}">Retour</a></p>
</form>
<p class="hint">ATTENTION : vous devez choisir une adresse mail personnelle qui est différente de l'adresse sur laquelle vous avez reçu votre mail initial contenant le lien à usage unique qui vous a permis d'activer votre compte électeur.</p>
<p class="hint" id="not-stored">INFO : l'adresse e-mail ou le numéro de téléphone saisi sur cet écran n'est pas enregistré en base de données par la solution de vote électronique.</p>
