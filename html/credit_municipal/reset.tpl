{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Saisissez le code d'activation reçu par SMS, puis choisissez votre nouveau code d'accès.</p>
<div class="rules" id="password-rules">
<p>Votre nouveau code d'accès :</p>
<ul>{{#RULE}}<li>{{TEXT}}</li>{{/RULE}}</ul>
</div>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_code}} has-error{{/ERROR_code}}">
<label for="code">Code d'activation</label>
<p class="hint" id="code-hint">{{CODE_LENGTH}} caractères, reçus par SMS. Respectez les majuscules et les minuscules.{{#ATTEMPTS}} {{TEXT}}{{/ATTEMPTS}}</p>
{{#ERROR_code}}<p class="field-error" id="code-error">{{MESSAGE}}</p>{{/ERROR_code}}
<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" required maxlength="64" aria-describedby="code-hint{{#ERROR_code}} code-error{{/ERROR_code}}"{{#ERROR_code}} aria-invalid="true"{{/ERROR_code}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">Nouveau code d'accès</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules{{#ERROR_password}} password-error{{/ERROR_password}}"{{#ERROR_password}} aria-invalid="true"{{/ERROR_password}}>
</div>
<div class="field{{#ERROR_password_confirm}} has-error{{/ERROR_password_confirm}}">
<label for="password_confirm">Confirmation du nouveau code d'accès</label>
{{#ERROR_password_confirm}}<p class="field-error" id="password_confirm-error">{{MESSAGE}}</p>{{/ERROR_password_confirm}}
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required{{#ERROR_password_confirm}} aria-invalid="true" aria-describedby="password_confirm-error"{{/ERROR_password_confirm}}>
</div>
<p><button type="submit">Valider</button></p>
</form>
{{#RESEND}}<form method="post" action="{{ACTION}}" class="inline">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="action" value="resend">
<p>Vous n'avez pas reçu le code, ou il a expiré ? <button type="submit" class="secondary">Renvoyer le code</button></p>
</form>{{/RESEND}}
