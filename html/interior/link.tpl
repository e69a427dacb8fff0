{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Choisissez votre nouveau mot de passe. Vous vous connecterez ensuite avec votre matricule, votre date de naissance, votre code de sécurité et ce mot de passe.</p>
<div class="rules" id="password-rules">
<p>Votre nouveau mot de passe :</p>
<ul>{{#RULE}}<li>{{TEXT}}</li>{{/RULE}}</ul>
</div>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">Nouveau mot de passe</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules{{#ERROR_password}} password-error{{/ERROR_password}}"{{#ERROR_password}} aria-invalid="true"{{/ERROR_password}}>
</div>
<div class="field{{#ERROR_password_confirm}} has-error{{/ERROR_password_confirm}}">
<label for="password_confirm">Confirmation du nouveau mot de passe</label>
{{#ERROR_password_confirm}}<p class="field-error" id="password_confirm-error">{{MESSAGE}}</p>{{/ERROR_password_confirm}}
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required{{#ERROR_password_confirm}} aria-invalid="true" aria-describedby="password_confirm-error"{{/ERROR_password_confirm}}>
</div>
<p><button type="submit">Valider</button></p>
</form>
