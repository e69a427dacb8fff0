{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Veuillez renseigner l'ensemble des champs ci-dessous afin d'obtenir un nouveau mot de passe{{#MAIL}} : un lien vous sera envoyé à votre adresse électronique professionnelle{{/MAIL}}{{#SMS}} : il vous sera envoyé par SMS au numéro de téléphone enregistré{{/SMS}}.</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Tous les champs sont obligatoires.</p>
<div class="field{{#ERROR_matricule}} has-error{{/ERROR_matricule}}">
<label for="matricule">Matricule</label>
<p class="hint" id="matricule-hint">Au dos de votre carte agent.</p>
{{#ERROR_matricule}}<p class="field-error" id="matricule-error">{{MESSAGE}}</p>{{/ERROR_matricule}}
<input id="matricule" name="matricule" type="text" value="{{MATRICULE}}" inputmode="numeric" autocomplete="off" spellcheck="false" required maxlength="32" aria-describedby="matricule-hint{{#ERROR_matricule}} matricule-error{{/ERROR_matricule}}"{{#ERROR_matricule}} aria-invalid="true"{{/ERROR_matricule}}>
</div>
<div class="field{{#ERROR_naissance}} has-error{{/ERROR_naissance}}">
<label for="naissance">Date de naissance</label>
<p class="hint" id="naissance-hint">Format JJ/MM/AAAA</p>
{{#ERROR_naissance}}<p class="field-error" id="naissance-error">{{MESSAGE}}</p>{{/ERROR_naissance}}
<input id="naissance" name="naissance" type="text" value="{{NAISSANCE}}" inputmode="numeric" autocomplete="bday" spellcheck="false" required maxlength="32" aria-describedby="naissance-hint{{#ERROR_naissance}} naissance-error{{/ERROR_naissance}}"{{#ERROR_naissance}} aria-invalid="true"{{/ERROR_naissance}}>
</div>
<div class="field{{#ERROR_secret}} has-error{{/ERROR_secret}}">
<label for="secret">Donnée secrète de réassort</label>
<p class="hint" id="secret-hint">12 caractères : les <strong>6 premiers</strong> caractères du numéro de votre carte agent, suivis des <strong>6 derniers</strong> caractères de votre IBAN (exemple : IBAN FR76 … <strong>A012 01</strong>).</p>
{{#ERROR_secret}}<p class="field-error" id="secret-error">{{MESSAGE}}</p>{{/ERROR_secret}}
<input id="secret" name="secret" type="password" autocomplete="off" spellcheck="false" required maxlength="64" aria-describedby="secret-hint{{#ERROR_secret}} secret-error{{/ERROR_secret}}"{{#ERROR_secret}} aria-invalid="true"{{/ERROR_secret}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">Obtenir un nouveau mot de passe</button></p>
</form>
<p><a href="{{SUPPORT_URL}}">Retour au support en ligne</a></p>
