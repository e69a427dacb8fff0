{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
{{#PASSWORD}}<p class="lead">Vous pouvez demander le renouvellement de votre mot de passe en saisissant votre NUMIC (numéro d'identification consulaire), qui vous a été rappelé dans le courriel de convocation à l'élection, et votre adresse électronique.</p>
<p>Un lien vous sera envoyé par courriel. Votre nouveau mot de passe vous sera ensuite envoyé par SMS : si vous n'avez pas renseigné de numéro de téléphone auprès de votre consulat ou sur le registre en ligne, vous ne pourrez pas le recevoir.</p>{{/PASSWORD}}
{{#IDENTIFIER}}<p class="lead">Vous pouvez demander le renvoi de votre identifiant en saisissant votre NUMIC (numéro d'identification consulaire), qui vous a été rappelé dans le courriel de convocation à l'élection, et votre adresse électronique.</p>
<p>Votre identifiant vous sera envoyé par courriel.</p>{{/IDENTIFIER}}
<p class="hint">Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe.</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Tous les champs sont obligatoires.</p>
<div class="field{{#ERROR_numic}} has-error{{/ERROR_numic}}">
<label for="numic">NUMIC</label>
<p class="hint" id="numic-hint">8 chiffres ; ajoutez des « 0 » devant si nécessaire.</p>
{{#ERROR_numic}}<p class="field-error" id="numic-error">{{MESSAGE}}</p>{{/ERROR_numic}}
<input id="numic" name="numic" type="text" value="{{NUMIC}}" inputmode="numeric" autocomplete="off" spellcheck="false" required maxlength="32" aria-describedby="numic-hint{{#ERROR_numic}} numic-error{{/ERROR_numic}}"{{#ERROR_numic}} aria-invalid="true"{{/ERROR_numic}}>
</div>
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">Adresse électronique</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="email" spellcheck="false" required maxlength="254"{{#ERROR_email}} aria-invalid="true" aria-describedby="email-error"{{/ERROR_email}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{#PASSWORD}}Demander un nouveau mot de passe{{/PASSWORD}}{{#IDENTIFIER}}Recevoir mon identifiant{{/IDENTIFIER}}</button></p>
</form>
<p><a href="{{LOGIN_URL}}">Retour à la connexion</a></p>
